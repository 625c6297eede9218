import { NewCluster } from "@/app/clusters/new/new-cluster";

export const metadata = { title: "New cluster · COSMO" };

export default async function NewClusterPage({ searchParams }: { searchParams: Promise<{ preset?: string }> }) {
  const { preset } = await searchParams;
  return (
    <section>
      <h1>New cluster</h1>
      <NewCluster preset={preset ?? "localhost"} />
    </section>
  );
}
