"use client";

import { FieldErrors, NumberField, TextField } from "@/app/clusters/fields";
import { hostRoles, type HostSpec } from "@/lib/clusters/cluster-spec";

type Ports = HostSpec["ports"];

const portLabels: [keyof Ports, string][] = [
  ["kafka", "Kafka"],
  ["kafkaController", "Kafka controller"],
  ["sparkMaster", "Spark master"],
  ["sparkMasterUi", "Master UI"],
  ["sparkWorkerUi", "Worker UI"],
];

const defaultSsh = { user: "root", port: 22, keySecret: "" };

export function newHost(index: number): HostSpec {
  return {
    name: `host-${index + 1}`,
    address: "",
    local: false,
    roles: ["spark-worker"],
    ssh: { ...defaultSsh },
    cosmoPath: "/opt/cosmo",
    homePath: "/var/lib/cosmo",
    ports: { kafka: 9092, kafkaController: 9093, sparkMaster: 7077, sparkMasterUi: 8080, sparkWorkerUi: 8081 },
  };
}

function HostRow({ host, index, onChange, onRemove, sshKeys }: { host: HostSpec; index: number; onChange: (h: HostSpec) => void; onRemove?: () => void; sshKeys: string }) {
  const p = `spec.hosts.${index}`;
  const set = (patch: Partial<HostSpec>) => onChange({ ...host, ...patch });
  const ssh = host.ssh ?? defaultSsh;
  const toggleRole = (role: HostSpec["roles"][number], on: boolean) =>
    set({ roles: on ? hostRoles.filter((r) => r === role || host.roles.includes(r)) : host.roles.filter((r) => r !== role) });
  return (
    <tr data-testid={`host-${index}`}>
      <td>
        <TextField label="Name" path={`${p}.name`} value={host.name} onChange={(name) => set({ name })} />
        <TextField label="Address" path={`${p}.address`} value={host.address} onChange={(address) => set({ address })} placeholder="host name or IPv4" />
        <label className="check">
          <input
            type="checkbox"
            data-testid={`field-${p}.local`}
            checked={host.local}
            // A local host runs its commands as COSMO's child processes: no SSH settings to keep.
            onChange={(e) => set({ local: e.target.checked, ssh: e.target.checked ? undefined : { ...defaultSsh } })}
          />
          this machine (no SSH)
        </label>
      </td>
      <td>
        {hostRoles.map((role) => (
          <label key={role} className="check">
            <input type="checkbox" data-testid={`field-${p}.roles.${role}`} checked={host.roles.includes(role)} onChange={(e) => toggleRole(role, e.target.checked)} />
            {role}
          </label>
        ))}
        <FieldErrors path={`${p}.roles`} nested />
      </td>
      <td>
        {host.local ? (
          <span className="muted">local</span>
        ) : (
          <>
            <TextField label="User" path={`${p}.ssh.user`} value={ssh.user} onChange={(user) => set({ ssh: { ...ssh, user } })} />
            <NumberField label="Port" path={`${p}.ssh.port`} value={ssh.port} onChange={(port) => set({ ssh: { ...ssh, port } })} />
            <TextField label="Key secret" path={`${p}.ssh.keySecret`} value={ssh.keySecret} list={sshKeys} onChange={(keySecret) => set({ ssh: { ...ssh, keySecret } })} />
          </>
        )}
        <FieldErrors path={`${p}.ssh`} />
      </td>
      <td>
        <TextField label="COSMO checkout" path={`${p}.cosmoPath`} value={host.cosmoPath} onChange={(cosmoPath) => set({ cosmoPath })} />
        <TextField label="Data folder" path={`${p}.homePath`} value={host.homePath} onChange={(homePath) => set({ homePath })} />
      </td>
      <td className="ports">
        {portLabels.map(([key, label]) => (
          <NumberField key={key} label={label} path={`${p}.ports.${key}`} value={host.ports[key]} onChange={(v) => set({ ports: { ...host.ports, [key]: v } })} />
        ))}
      </td>
      <td>
        {onRemove ? (
          <button type="button" className="link" onClick={onRemove}>
            Remove
          </button>
        ) : null}
      </td>
    </tr>
  );
}

export function HostsEditor({ hosts, onChange, sshKeys }: { hosts: HostSpec[]; onChange: (hosts: HostSpec[]) => void; sshKeys: string }) {
  return (
    <fieldset>
      <legend>Hosts</legend>
      <FieldErrors path="spec.hosts" />
      <table className="hosts">
        <thead>
          <tr>
            <th>Host</th>
            <th>Roles</th>
            <th>SSH</th>
            <th>Paths</th>
            <th>Ports</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {hosts.map((host, i) => (
            <HostRow
              key={i}
              host={host}
              index={i}
              sshKeys={sshKeys}
              onChange={(h) => onChange(hosts.map((x, j) => (j === i ? h : x)))}
              onRemove={hosts.length > 1 ? () => onChange(hosts.filter((_, j) => j !== i)) : undefined}
            />
          ))}
        </tbody>
      </table>
      <button type="button" data-testid="add-host" onClick={() => onChange([...hosts, newHost(hosts.length)])}>
        Add host
      </button>
    </fieldset>
  );
}
