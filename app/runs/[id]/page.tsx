import { RunView } from "@/app/runs/[id]/run-view";

export const metadata = { title: "Run · COSMO" };

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RunView runId={id} />;
}
