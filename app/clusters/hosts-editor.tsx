"use client";

import { FieldErrors, NumberField, TextField, useLocked } from "@/app/clusters/fields";
import { hostMoved, hostRoles, type HostSpec } from "@/lib/clusters/cluster-spec";

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

interface HostRowProps {
  host: HostSpec;
  /** The host of the same name as the form loaded it, if it had one. */
  original?: HostSpec;
  index: number;
  onChange: (h: HostSpec) => void;
  /** Called when an edit moved a host away from where it was: the form drops the buffer's S3 credentials too. */
  onMoved: (h: HostSpec) => void;
  onRemove?: () => void;
  sshKeys: string;
}

function HostRow({ host, original, index, onChange, onMoved, onRemove, sshKeys }: HostRowProps) {
  const p = `spec.hosts.${index}`;
  const locked = useLocked(p);
  const set = (patch: Partial<HostSpec>) => onChange({ ...host, ...patch });
  /** An edit of the address, account or folders: a host moved elsewhere keeps no key until one is picked again. */
  const move = (patch: Partial<HostSpec>) => {
    const next = { ...host, ...patch };
    if (!original || !hostMoved(original, next)) return onChange(next);
    onChange(next.ssh ? { ...next, ssh: { ...next.ssh, keySecret: undefined } } : next);
    onMoved(next);
  };
  const ssh = host.ssh ?? defaultSsh;
  const toggleRole = (role: HostSpec["roles"][number], on: boolean) =>
    set({ roles: on ? hostRoles.filter((r) => r === role || host.roles.includes(r)) : host.roles.filter((r) => r !== role) });
  return (
    <tr data-testid={`host-${index}`}>
      <td>
        <TextField label="Name" path={`${p}.name`} value={host.name} onChange={(name) => set({ name })} />
        <TextField label="Address" path={`${p}.address`} value={host.address} onChange={(address) => move({ address })} placeholder="host name or IPv4" />
        <label className="check">
          <input
            type="checkbox"
            data-testid={`field-${p}.local`}
            checked={host.local}
            disabled={locked}
            // A local host runs its commands as COSMO's child processes: no SSH settings to keep.
            onChange={(e) => move({ local: e.target.checked, ssh: e.target.checked ? undefined : { ...defaultSsh } })}
          />
          this machine (no SSH)
        </label>
      </td>
      <td>
        {hostRoles.map((role) => (
          <label key={role} className="check">
            <input type="checkbox" data-testid={`field-${p}.roles.${role}`} checked={host.roles.includes(role)} disabled={locked} onChange={(e) => toggleRole(role, e.target.checked)} />
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
            <TextField label="User" path={`${p}.ssh.user`} value={ssh.user} onChange={(user) => move({ ssh: { ...ssh, user } })} />
            <NumberField label="Port" path={`${p}.ssh.port`} value={ssh.port} onChange={(port) => move({ ssh: { ...ssh, port } })} />
            <TextField
              label="Key secret"
              path={`${p}.ssh.keySecret`}
              value={ssh.keySecret ?? ""}
              list={sshKeys}
              onChange={(keySecret) => set({ ssh: { ...ssh, keySecret: keySecret || undefined } })}
            />
          </>
        )}
        <FieldErrors path={`${p}.ssh`} />
      </td>
      <td>
        <TextField label="COSMO checkout" path={`${p}.cosmoPath`} value={host.cosmoPath} onChange={(cosmoPath) => move({ cosmoPath })} />
        <TextField label="Data folder" path={`${p}.homePath`} value={host.homePath} onChange={(homePath) => move({ homePath })} />
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

interface HostsEditorProps {
  hosts: HostSpec[];
  /** The hosts as the form loaded them. */
  original: HostSpec[];
  onChange: (hosts: HostSpec[]) => void;
  onMoved: (h: HostSpec) => void;
  sshKeys: string;
}

export function HostsEditor({ hosts, original, onChange, onMoved, sshKeys }: HostsEditorProps) {
  const locked = useLocked("spec.hosts");
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
              original={original.find((h) => h.name === host.name)}
              index={i}
              onMoved={onMoved}
              sshKeys={sshKeys}
              onChange={(h) => onChange(hosts.map((x, j) => (j === i ? h : x)))}
              onRemove={hosts.length > 1 && !locked ? () => onChange(hosts.filter((_, j) => j !== i)) : undefined}
            />
          ))}
        </tbody>
      </table>
      {locked ? (
        <p className="muted" data-testid="hosts-locked">
          Hosts, their SSH keys, the buffer&apos;s S3 endpoint and credentials are set by an admin.
        </p>
      ) : (
        <button type="button" data-testid="add-host" onClick={() => onChange([...hosts, newHost(hosts.length)])}>
          Add host
        </button>
      )}
    </fieldset>
  );
}
