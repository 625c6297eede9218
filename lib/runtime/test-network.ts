import fs from "node:fs";
import { env } from "@/lib/env";
import { CosmoError } from "@/lib/errors";
import { homeDir, serviceDir } from "@/lib/runtime/paths";
import { sshd, sshdConfigLines } from "@/lib/runtime/services/sshd";
import { run, spawnDaemon, tcpReachable, waitUntil } from "@/lib/runtime/process";
import type { Progress } from "@/lib/runtime/service";

/**
 * The tests' machines: four hosts as Linux network namespaces on a bridge of
 * their own, each with its own sshd, so a cluster's routines reach them only
 * over SSH and their addresses, as they would reach virtual machines. One
 * /24 of 10.0.0.0/8 per COSMO_TEST_PORT_BASE, and every name carries the base:
 * two checkouts testing side by side never share a name or an address. The
 * namespaces have no route out of their /24: nothing else is ever contacted.
 */
export interface TestHost {
  name: string;
  namespace: string;
  address: string;
  /** The root namespace's end of the host's cable (`ip link set VETH down` unplugs it). */
  veth: string;
  sshPort: number;
  /** The host's own COSMO home; the checkout and its caches are shared. */
  home: string;
}

export interface TestNetwork {
  subnet: string;
  bridge: string;
  /** COSMO's machine on the test network: where the hosts reach PostgreSQL, S3 and the Spark driver. */
  rootAddress: string;
  hosts: TestHost[];
}

const HOSTS = 4;
const SSHD = "/usr/sbin/sshd";

export function testNetwork(base = env.COSMO_TEST_PORT_BASE): TestNetwork {
  const prefix = `10.${(base >> 8) & 255}.${base & 255}`;
  const tag = `cosmo${base}`;
  return {
    subnet: `${prefix}.0/24`,
    bridge: `${tag}br`,
    rootAddress: `${prefix}.1`,
    hosts: Array.from({ length: HOSTS }, (_, i) => ({
      name: `host-${i + 1}`,
      namespace: `${tag}-h${i + 1}`,
      address: `${prefix}.${11 + i}`,
      veth: `${tag}v${i + 1}`,
      sshPort: 22,
      home: homeDir("hosts", `host-${i + 1}`),
    })),
  };
}

const ip = (...args: string[]) => run("ip", args);
const inNamespace = (ns: string, ...args: string[]) => run("ip", ["netns", "exec", ns, ...args]);

/** Processes in a namespace, from the kernel's view (`ip netns pids`), whoever started them. */
export async function namespacePids(namespace: string): Promise<number[]> {
  const { stdout } = await ip("netns", "pids", namespace).catch(() => ({ stdout: "" }));
  return stdout.split(/\s+/).filter(Boolean).map(Number);
}

async function namespacesOf(net: TestNetwork): Promise<string[]> {
  const { stdout } = await ip("netns", "list");
  const ours = new Set(net.hosts.map((h) => h.namespace));
  return stdout.split("\n").map((l) => l.split(" ")[0]!).filter((n) => ours.has(n));
}

async function linkExists(name: string): Promise<boolean> {
  return ip("link", "show", name).then(
    () => true,
    () => false,
  );
}

/**
 * Removes every process, namespace, cable and the bridge of this base's
 * network: at the end of a run, and at the start of the next when a killed
 * run left them behind.
 */
export async function removeTestNetwork(progress: Progress, net = testNetwork()): Promise<void> {
  for (const ns of await namespacesOf(net)) {
    // Twice: a dying sshd session may have just forked.
    for (let pass = 0; pass < 2; pass++) {
      for (const pid of await namespacePids(ns)) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          /* gone already */
        }
      }
      await waitUntil(async () => (await namespacePids(ns)).length === 0, { service: "test-network", what: `processes of ${ns} to end`, timeoutMs: 15_000 });
    }
    await ip("netns", "del", ns);
  }
  for (const link of [...net.hosts.map((h) => h.veth), net.bridge]) {
    // A cable goes with its namespace, a moment after it: gone by now is as good as deleted.
    if (await linkExists(link)) await ip("link", "del", link).catch(async (error: unknown) => {
      if (await linkExists(link)) throw error;
    });
  }
  progress(`removed test network ${net.subnet}`);
}

function sshdConfig(host: TestHost): string {
  return [
    ...sshdConfigLines(host.sshPort, host.address, serviceDir("test-network", `sshd-${host.name}.pid`)),
    // The host's COSMO finds the jars, the virtualenv and Node in the shared cache: nothing downloads twice.
    `SetEnv COSMO_CACHE=${env.COSMO_CACHE}`,
    "",
  ].join("\n");
}

/**
 * Builds the network (a stale one of a killed run is removed first) and
 * starts each host's sshd; keys are the loopback sshd's (lib/runtime/services/sshd.ts).
 */
export async function createTestNetwork(progress: Progress, net = testNetwork()): Promise<TestNetwork> {
  if (process.getuid?.() !== 0) throw new CosmoError("PREREQUISITE_MISSING", "the tests' hosts are network namespaces: run the tests as root (or in a container with CAP_NET_ADMIN)");
  await removeTestNetwork(() => {}, net);
  const { stdout: routes } = await ip("-4", "route", "show");
  if (routes.split("\n").some((r) => r.startsWith(net.subnet))) {
    throw new CosmoError("CONFLICT", `the test network ${net.subnet} is already routed on this machine: choose another COSMO_TEST_PORT_BASE`);
  }
  // The hosts' sshds use the loopback sshd's keys, made (once, into the cache) by its install.
  await sshd.install(progress);
  await ip("link", "add", net.bridge, "type", "bridge");
  await ip("addr", "add", `${net.rootAddress}/24`, "dev", net.bridge);
  await ip("link", "set", net.bridge, "up");
  fs.mkdirSync(serviceDir("test-network"), { recursive: true, mode: 0o700 });
  // sshd, run as root, chroots its unprivileged child here.
  fs.mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
  for (const host of net.hosts) {
    const peer = `${host.veth}p`;
    await ip("netns", "add", host.namespace);
    await ip("link", "add", host.veth, "type", "veth", "peer", "name", peer);
    await ip("link", "set", peer, "netns", host.namespace);
    await ip("link", "set", host.veth, "master", net.bridge, "up");
    await inNamespace(host.namespace, "ip", "link", "set", "lo", "up");
    await inNamespace(host.namespace, "ip", "link", "set", peer, "name", "eth0");
    await inNamespace(host.namespace, "ip", "addr", "add", `${host.address}/24`, "dev", "eth0");
    await inNamespace(host.namespace, "ip", "link", "set", "eth0", "up");
    fs.mkdirSync(host.home, { recursive: true, mode: 0o700 });
    const config = serviceDir("test-network", `sshd-${host.name}.conf`);
    fs.writeFileSync(config, sshdConfig(host));
    const pid = spawnDaemon({ name: `sshd-${host.name}`, command: "ip", args: ["netns", "exec", host.namespace, SSHD, "-D", "-e", "-f", config] });
    await waitUntil(() => tcpReachable(host.address, host.sshPort), { service: "test-network", what: `sshd of ${host.name}`, pid, timeoutMs: 20_000 });
  }
  progress(`test network ${net.subnet}: ${net.hosts.map((h) => `${h.name} ${h.address}`).join(", ")}`);
  return net;
}
