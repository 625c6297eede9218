"use client";

import type { ClusterKafka } from "@/lib/clusters/cluster-kafka";

const ids = (list: number[]) => list.join(", ") || "–";

export function BrokersTable({ brokers }: { brokers: ClusterKafka["brokers"] }) {
  return (
    <table data-testid="kafka-brokers">
      <thead>
        <tr>
          <th>Broker</th>
          <th>Host:port</th>
          <th>Controller</th>
        </tr>
      </thead>
      <tbody>
        {brokers.map((b) => (
          <tr key={b.nodeId} data-testid={`broker-${b.nodeId}`}>
            <td className="num">{b.nodeId}</td>
            <td>
              {b.host}:{b.port}
            </td>
            <td>{b.controller ? "controller" : ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function TopicsTable({ topics, onTail }: { topics: ClusterKafka["topics"]; onTail: (topic: string) => void }) {
  return (
    <table data-testid="kafka-topics">
      <thead>
        <tr>
          <th>Topic</th>
          <th className="num">Partition</th>
          <th className="num">Leader</th>
          <th>Replicas</th>
          <th>In sync</th>
          <th className="num">Earliest</th>
          <th className="num">Latest</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {topics.flatMap((t) =>
          t.partitions.map((p, i) => (
            <tr key={`${t.name}-${p.partition}`} data-testid={`partition-${t.name}-${p.partition}`}>
              {i === 0 ? (
                <td rowSpan={t.partitions.length} data-testid={`topic-${t.name}`}>
                  {t.name}{" "}
                  <button type="button" className="link small" onClick={() => onTail(t.name)} data-testid={`tail-${t.name}`}>
                    tail
                  </button>
                </td>
              ) : null}
              <td className="num">{p.partition}</td>
              <td className="num">{p.leader < 0 ? "none" : p.leader}</td>
              <td>{ids(p.replicas)}</td>
              <td data-testid="isr">{ids(p.isr)}</td>
              <td className="num" data-testid="earliest">
                {p.earliest}
              </td>
              <td className="num" data-testid="latest">
                {p.latest}
              </td>
              <td className="state-unhealthy" data-testid="under-replicated">
                {p.underReplicated ? "under-replicated" : p.leader < 0 ? "offline" : ""}
              </td>
            </tr>
          )),
        )}
      </tbody>
    </table>
  );
}

export function GroupsTable({ groups }: { groups: ClusterKafka["groups"] }) {
  if (!groups.length) return <p className="muted">No consumer groups.</p>;
  return (
    <table data-testid="kafka-groups">
      <thead>
        <tr>
          <th>Group</th>
          <th>State</th>
          <th className="num">Members</th>
          <th>Lag per topic</th>
        </tr>
      </thead>
      <tbody>
        {groups.map((g) => (
          <tr key={g.groupId} data-testid={`group-${g.groupId}`}>
            <td>{g.groupId}</td>
            <td>{g.state}</td>
            <td className="num">{g.members}</td>
            <td data-testid="lag">{g.lag.map((l) => `${l.topic}: ${l.lag}`).join(" · ") || "–"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
