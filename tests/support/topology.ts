// The test network's four hosts (lib/runtime/test-network.ts, built by
// `cosmo test` before the stack and removed with it) as a cluster: three
// Kafka brokers, the Spark master on one of them, workers on two others, the
// buffer on the first; every host reached over SSH at its own address.
import fs from "node:fs";
import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { type ClusterSpecInput } from "@/lib/clusters/cluster-spec";
import { repoRoot } from "@/lib/env";
import { readPid, run } from "@/lib/runtime/process";
import { namespacePids, type TestHost, testNetwork } from "@/lib/runtime/test-network";

export const topology = testNetwork();
export const [host1, host2, host3, host4] = topology.hosts as [TestHost, TestHost, TestHost, TestHost];

export function topologySpec(keySecret: string, bucket: string, prefix: string, rate: number): ClusterSpecInput {
  const host = (h: TestHost, roles: ClusterSpecInput["hosts"][number]["roles"]) => ({
    name: h.name,
    address: h.address,
    roles,
    ssh: { user: os.userInfo().username, port: h.sshPort, keySecret },
    cosmoPath: repoRoot,
    homePath: h.home,
  });
  return {
    hosts: [host(host1, ["kafka-broker", "buffer"]), host(host2, ["kafka-broker", "spark-master"]), host(host3, ["kafka-broker", "spark-worker"]), host(host4, ["spark-worker"])],
    // Four hosts' JVMs on one test machine: small heaps.
    kafka: { brokerHeap: "256m", partitions: 2 },
    spark: { executorCores: 1, workerCores: 1, executorMemory: "512m", workerMemory: "768m", shufflePartitions: 2, checkpoint: `s3a://${bucket}/checkpoints` },
    buffer: { bucket, prefix, rate },
  };
}

/** The command lines of every process in a host's namespace (the kernel's list, `ip netns pids`). */
export async function processesOn(host: TestHost): Promise<{ pid: number; command: string }[]> {
  const pids = await namespacePids(host.namespace);
  return pids.flatMap((pid) => {
    try {
      return [{ pid, command: fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ").trim() }];
    } catch {
      return [];
    }
  });
}

/** The host's sshd, which the test network started: what may stay once a cluster is dismissed. */
export const sshdPid = (host: TestHost) => readPid(`sshd-${host.name}`)?.pid;

/** Processes COSMO started on a host: everything in its namespace but the sshd listener and its sessions. */
export async function cosmoProcessesOn(host: TestHost): Promise<{ pid: number; command: string }[]> {
  return (await processesOn(host)).filter((p) => !p.command.startsWith("sshd") && !p.command.includes("/usr/sbin/sshd"));
}

/** SIGKILLs what COSMO runs on a host whose command line matches: a crash, not a stop. */
export async function killOn(host: TestHost, pattern: RegExp): Promise<string[]> {
  const victims = (await cosmoProcessesOn(host)).filter((p) => pattern.test(p.command));
  for (const p of victims) process.kill(p.pid, "SIGKILL");
  return victims.map((p) => p.command);
}

/** Unplugs a host's cable for `ms`, then plugs it back. */
/** Plugs or unplugs a host's cable: the root namespace's end of its veth. */
export async function setLink(host: TestHost, state: "up" | "down"): Promise<void> {
  await run("ip", ["link", "set", host.veth, state]);
}

/** Polls until `check` holds, with a generous deadline (the machine is shared). */
export async function eventually<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(1000);
  }
}
