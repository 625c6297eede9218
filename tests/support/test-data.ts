import { randomBytes } from "node:crypto";
import type { ClusterSpecInput } from "@/lib/clusters/cluster-spec";
import { localhostPreset } from "@/lib/clusters/presets";

/** A prefix for what one test file creates, so its cleanup never touches anything else. */
export const testTag = (file: string) => `t-${file}-${Date.now().toString(36)}${randomBytes(2).toString("hex")}`;

/** The localhost preset plus a Spark worker reached over SSH with the key secret `keySecret`. */
export function twoHostSpec(keySecret: string): ClusterSpecInput {
  const spec = structuredClone(localhostPreset().spec);
  spec.hosts.push({
    name: "worker-1",
    address: "worker-1.example.org",
    roles: ["spark-worker"],
    ssh: { user: "cosmo", port: 22, keySecret },
    cosmoPath: "/opt/cosmo",
    homePath: "/var/lib/cosmo",
  });
  return spec;
}
