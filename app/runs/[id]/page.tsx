import { RunView } from "@/app/runs/[id]/run-view";

export const metadata = { title: "Run · COSMO" };

/** `?reference=RUN` draws that run over the histograms instead of the run's own reference. */
export default async function RunPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  const { reference } = await searchParams;
  return <RunView runId={id} overlayRunId={typeof reference === "string" && reference !== "" ? reference : null} />;
}
