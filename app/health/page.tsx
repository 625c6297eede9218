import { HealthTable } from "@/app/health/health-table";

export const metadata = { title: "Health · COSMO" };

export default function HealthPage() {
  return (
    <section>
      <h1>Service health</h1>
      <HealthTable />
    </section>
  );
}
