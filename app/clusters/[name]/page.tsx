import { ClusterConsole } from "@/app/clusters/[name]/cluster-console";

export const metadata = { title: "Cluster · COSMO" };

export default async function ClusterPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return <ClusterConsole name={decodeURIComponent(name)} />;
}
