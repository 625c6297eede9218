/**
 * The privilege boundary of a configuration, as Grafana draws it for data
 * sources: where things run and what goes there is an admin's to define, the
 * rest an operator's to tune. Admin-only: every field of a host (address,
 * local, account, key, folders, roles, ports), every secret reference
 * (`...Secret`), the S3 endpoint and the job's checkpoint location. Pure, so the editors lock the same fields
 * the API guards.
 */
export const isAdminOnlyPath = (path: string): boolean => /^spec\.hosts(\.|$)/.test(path) || /Secret$/.test(path) || path === "spec.buffer.s3Endpoint" || path === "spec.spark.checkpoint";

/** Every leaf of a JSON value by dotted path; arrays of plain values are one leaf. Absent and empty mean "not set". */
function leaves(value: unknown, path: string, out: Map<string, string>): Map<string, string> {
  if (value === undefined || value === null || value === "") return out;
  if (Array.isArray(value) && value.some((v) => typeof v === "object" && v !== null)) value.forEach((v, i) => leaves(v, `${path}.${i}`, out));
  else if (typeof value === "object" && !Array.isArray(value)) for (const [k, v] of Object.entries(value)) leaves(v, `${path}.${k}`, out);
  else out.set(path, JSON.stringify(value));
  return out;
}

/** The admin-only fields (`spec.hosts.1.address`) that differ between two specs, in the order they appear. */
export function adminFieldChanges(before: unknown, after: unknown): string[] {
  const a = leaves(before, "spec", new Map());
  const b = leaves(after, "spec", new Map());
  const paths = [...new Set([...b.keys(), ...a.keys()])];
  return paths.filter((p) => isAdminOnlyPath(p) && a.get(p) !== b.get(p));
}
