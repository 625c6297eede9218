"use client";

import Link from "next/link";
import { useState } from "react";
import { ExecutionView } from "@/app/clusters/[name]/execution-view";
import { OpenRunHealth } from "@/app/clusters/[name]/open-run-health";
import { RoutineButtons } from "@/app/clusters/[name]/routine-buttons";
import { useCluster } from "@/app/clusters/cluster-api";
import { isActive, useExecutions } from "@/app/clusters/routine-api";

/**
 * A cluster's page: its hosts and web UIs, the routine buttons, the routine
 * under way with its live output, and the routine history.
 */
export function ClusterConsole({ name }: { name: string }) {
  const cluster = useCluster(name, { live: true });
  const executions = useExecutions(name);
  const [selected, setSelected] = useState<string>();
  if (cluster.error) return <div className="error-banner">{cluster.error.message}</div>;
  if (!cluster.data) return <p className="muted">loading…</p>;
  const { spec, state, description, lostHosts } = cluster.data;
  const list = executions.data ?? [];
  const shown = selected ?? list[0]?.id;
  const busy = list.some((e) => isActive(e.status));
  const master = spec.hosts.find((h) => h.roles.includes("spark-master"));
  const brokers = spec.hosts.filter((h) => h.roles.includes("kafka-broker"));
  return (
    <section>
      <h1>
        {name}{" "}
        <span className={`state state-cluster-${state}`} data-testid="cluster-state">
          {state}
        </span>
      </h1>
      {description ? <p className="muted">{description}</p> : null}
      {lostHosts.length ? (
        <p className="error-banner" data-testid="lost-hosts">
          Lost: {lostHosts.join(", ")} (no Kafka broker or Spark worker answers there; the rest of the cluster carries on)
        </p>
      ) : null}
      <div className="row-actions small">
        <Link href={`/clusters/${encodeURIComponent(name)}/edit`}>Edit configuration</Link>
        {master ? (
          <a href={`http://${master.address}:${master.ports.sparkMasterUi}`} target="_blank" rel="noreferrer" data-testid="spark-ui">
            Spark master UI ({master.address}:{master.ports.sparkMasterUi})
          </a>
        ) : null}
        {spec.hosts
          .filter((h) => h.roles.includes("spark-worker"))
          .map((h) => (
            <a key={h.name} href={`http://${h.address}:${h.ports.sparkWorkerUi}`} target="_blank" rel="noreferrer">
              worker UI {h.name}
            </a>
          ))}
        {brokers.length ? (
          <Link href={`/clusters/${encodeURIComponent(name)}/kafka`} data-testid="kafka-link">
            Kafka ({brokers.map((b) => `${b.address}:${b.ports.kafka}`).join(", ")}): brokers, topics, groups, tail
          </Link>
        ) : null}
        <Link href={`/runs?cluster=${encodeURIComponent(name)}`}>Runs of this cluster</Link>
      </div>
      <OpenRunHealth clusterId={cluster.data.id} />
      <RoutineButtons cluster={name} busy={busy} onQueued={(e) => setSelected(e.id)} />
      <div className="console">
        <aside>
          <h3>Routines</h3>
          <ul className="executions" data-testid="executions">
            {list.map((e) => (
              <li key={e.id} className={e.id === shown ? "selected" : undefined}>
                <button type="button" className="link" onClick={() => setSelected(e.id)}>
                  {e.routine}
                </button>{" "}
                <span className={`state exec-${e.status}`}>{e.status}</span>
                <div className="muted small">
                  {e.requestedBy} · {new Date(e.createdAt).toLocaleTimeString()}
                </div>
              </li>
            ))}
            {list.length === 0 ? <li className="muted">none yet</li> : null}
          </ul>
        </aside>
        <div>{shown ? <ExecutionView id={shown} /> : <p className="muted">Start with Init.</p>}</div>
      </div>
    </section>
  );
}
