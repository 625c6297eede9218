"use client";

import { useQuery } from "@tanstack/react-query";
import { healthSchema, type Health } from "@/lib/health/health-schema";

async function fetchHealth(): Promise<Health> {
  const res = await fetch("/api/health", { cache: "no-store" });
  if (!res.ok) throw new Error(`health check failed: HTTP ${res.status}`);
  return healthSchema.parse(await res.json());
}

export function HealthTable() {
  const { data, error, isPending } = useQuery({ queryKey: ["health"], queryFn: fetchHealth, refetchInterval: 2000 });
  if (isPending) return <p className="muted">Checking services…</p>;
  if (error) return <p className="state-unhealthy">{error.message}</p>;
  return (
    <>
      <p>
        Overall: <span className={`badge badge-${data.status}`} data-testid="overall">{data.status}</span>{" "}
        <span className="muted">checked {new Date(data.checkedAt).toLocaleTimeString()}</span>
      </p>
      <table>
        <thead>
          <tr>
            <th>Service</th>
            <th>State</th>
            <th>Version</th>
            <th>PID</th>
            <th>Port</th>
          </tr>
        </thead>
        <tbody>
          {data.services.map((s) => (
            <tr key={s.name} data-testid={`service-${s.name}`}>
              <td>
                {s.url ? <a href={s.url}>{s.name}</a> : s.name}
                {s.optional ? <span className="muted"> (tests only)</span> : null}
              </td>
              <td className={`state state-${s.state}`} data-testid="state">
                {s.state}
              </td>
              <td data-testid="version">{s.version}</td>
              <td>{s.pid ?? "–"}</td>
              <td>{s.port ?? "–"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
