import { ClusterList } from "@/app/clusters/cluster-list";

export const metadata = { title: "Clusters · COSMO" };

export default function ClustersPage() {
  return (
    <section>
      <h1>Clusters</h1>
      <ClusterList />
    </section>
  );
}
