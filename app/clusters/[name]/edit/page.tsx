import { EditCluster } from "@/app/clusters/[name]/edit/edit-cluster";

export const metadata = { title: "Edit cluster · COSMO" };

export default async function EditClusterPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return (
    <section>
      <h1>Edit cluster</h1>
      <EditCluster name={name} />
    </section>
  );
}
