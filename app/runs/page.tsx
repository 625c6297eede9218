import { RunHistory } from "@/app/runs/run-history";

export const metadata = { title: "Runs · COSMO" };

export default function RunsPage() {
  return (
    <section>
      <h1>Runs</h1>
      <RunHistory />
    </section>
  );
}
