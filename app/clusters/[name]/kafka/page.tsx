import { KafkaView } from "@/app/clusters/[name]/kafka/kafka-view";

export const metadata = { title: "Kafka · COSMO" };

export default async function ClusterKafkaPage({ params, searchParams }: { params: Promise<{ name: string }>; searchParams: Promise<{ topic?: string }> }) {
  const { name } = await params;
  const { topic } = await searchParams;
  return <KafkaView name={decodeURIComponent(name)} initialTopic={typeof topic === "string" ? topic : undefined} />;
}
