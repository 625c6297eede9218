import { CompareView } from "@/app/compare/compare-view";

export const metadata = { title: "Compare runs · COSMO" };

const one = (v: string | string[] | undefined) => (typeof v === "string" && v !== "" ? v : null);

/** /compare?a=RUN&b=RUN&mode=side|overlay: a shareable comparison of two runs. */
export default async function ComparePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const q = await searchParams;
  return <CompareView a={one(q.a)} b={one(q.b)} mode={q.mode === "overlay" ? "overlay" : "side"} />;
}
