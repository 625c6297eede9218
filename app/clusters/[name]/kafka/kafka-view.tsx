"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { BrokersTable, GroupsTable, TopicsTable } from "@/app/clusters/[name]/kafka/kafka-tables";
import { TopicTail } from "@/app/clusters/[name]/kafka/topic-tail";
import { fetchJson } from "@/app/components/fetch-json";
import type { ClusterKafka } from "@/lib/clusters/cluster-kafka";

const REFRESH_MS = 3000;

/**
 * A cluster's Kafka, read-only (the original's Kafka dev functions): brokers,
 * topics with partitions, replicas, in-sync replicas and offsets, consumer
 * groups with their lag, every few seconds; and a live tail of one topic.
 */
export function KafkaView({ name, initialTopic }: { name: string; initialTopic?: string }) {
  const [internal, setInternal] = useState(false);
  const [tailed, setTailed] = useState<string | undefined>(initialTopic);
  const kafka = useQuery({
    queryKey: ["cluster-kafka", name],
    queryFn: () => fetchJson<ClusterKafka>(`/api/clusters/${encodeURIComponent(name)}/kafka`),
    refetchInterval: REFRESH_MS,
    retry: false,
  });
  const data = kafka.data;
  const topics = data?.topics.filter((t) => internal || !t.internal) ?? [];
  const underReplicated = data?.topics.reduce((n, t) => n + t.underReplicated, 0) ?? 0;
  return (
    <section>
      <h1>
        <Link href={`/clusters/${encodeURIComponent(name)}`}>{name}</Link> · Kafka
      </h1>
      {kafka.error ? (
        <div className="error-banner" data-testid="kafka-error">
          {kafka.error.message}
        </div>
      ) : null}
      {!data && !kafka.error ? <p className="muted">reading Kafka…</p> : null}
      {data ? (
        <>
          <p className="muted small">
            cluster id {data.clusterId} · bootstrap {data.bootstrap.join(", ")} · updated every {REFRESH_MS / 1000} s
            {underReplicated ? <span className="state-unhealthy"> · {underReplicated} under-replicated partition(s)</span> : null}
          </p>
          {data.absent.length ? (
            <div className="error-banner" data-testid="kafka-absent">
              not among the cluster&apos;s live brokers: {data.absent.join(", ")}
            </div>
          ) : null}
          <h2>Brokers</h2>
          <BrokersTable brokers={data.brokers} />
          <h2>Topics</h2>
          <label className="check small">
            <input type="checkbox" checked={internal} onChange={(e) => setInternal(e.target.checked)} /> Kafka&apos;s own topics
          </label>
          <TopicsTable topics={topics} onTail={setTailed} />
          <h2>Consumer groups</h2>
          <GroupsTable groups={data.groups} />
        </>
      ) : null}
      <h2>Tail</h2>
      <label className="inline small">
        Topic
        <select value={tailed ?? ""} onChange={(e) => setTailed(e.target.value || undefined)} data-testid="tail-topic">
          <option value="">–</option>
          {tailed && !topics.some((t) => t.name === tailed) ? <option value={tailed}>{tailed}</option> : null}
          {topics.map((t) => (
            <option key={t.name} value={t.name}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      {tailed ? <TopicTail key={tailed} cluster={name} topic={tailed} /> : <p className="muted">Choose a topic to see its messages as they arrive.</p>}
    </section>
  );
}
