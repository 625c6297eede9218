import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { env } from "@/lib/env";
import { CosmoError } from "@/lib/errors";
import { cacheDir, serviceDir } from "@/lib/runtime/paths";
import { assertPortFree, run, spawnDaemon, stopDaemon, waitUntil } from "@/lib/runtime/process";
import { daemonStatus, type Service, type ServiceStatus } from "@/lib/runtime/service";

// sshd re-executes itself and insists on an absolute path.
const SSHD = "/usr/sbin/sshd";
const INSTALL_HINT = "apt-get update && apt-get install -y openssh-server";

const hostKey = () => cacheDir("ssh", "host_ed25519_key");
const clientKey = () => cacheDir("ssh", "client_ed25519_key");
const authorizedKeys = () => cacheDir("ssh", "authorized_keys");
const configFile = () => serviceDir("sshd", "sshd_config");

let cachedVersion: string | undefined;
function sshdVersion(): string {
  if (cachedVersion === undefined) {
    // Both print their version on stderr; ssh -V carries the distribution patch level.
    const out = [SSHD, "ssh"].map((cmd) => spawnSync(/* turbopackIgnore: true */ cmd, ["-V"], { encoding: "utf8" }).stderr ?? "").join(" ");
    const versions = out.match(/OpenSSH_[\w.+-]+/g) ?? [];
    cachedVersion = versions.sort((a, b) => b.length - a.length)[0] ?? "not installed";
  }
  return cachedVersion;
}

/** Healthy means sshd speaks SSH, not merely that the port accepts. */
function bannerReady(timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: env.COSMO_HOST, port: env.COSMO_SSHD_PORT });
    let received = "";
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("latin1");
      if (received.includes("\n")) done(received.startsWith("SSH-2.0-"));
    });
    socket.once("error", () => done(false));
    socket.once("close", () => done(false));
  });
}

async function keygen(file: string, comment: string): Promise<void> {
  if (fs.existsSync(file) && fs.existsSync(`${file}.pub`)) return;
  fs.rmSync(file, { force: true });
  fs.rmSync(`${file}.pub`, { force: true });
  await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", file]);
}

/** A test sshd's configuration: key-only login with the cached test keys. */
export function sshdConfigLines(port: number, address: string, pidFile: string): string[] {
  return [
    `Port ${port}`,
    `ListenAddress ${address}`,
    `HostKey ${hostKey()}`,
    `AuthorizedKeysFile ${authorizedKeys()}`,
    `PidFile ${pidFile}`,
    // The key files live in the cache, whose parents sshd would judge too open.
    "StrictModes no",
    "UsePAM no",
    "PubkeyAuthentication yes",
    "PasswordAuthentication no",
    "KbdInteractiveAuthentication no",
    "PermitRootLogin prohibit-password",
    "LogLevel INFO",
  ];
}

function writeConfig(): void {
  const lines = [...sshdConfigLines(env.COSMO_SSHD_PORT, env.COSMO_HOST, serviceDir("sshd", "sshd.pid")), "Subsystem sftp internal-sftp"];
  fs.mkdirSync(path.dirname(configFile()), { recursive: true });
  fs.writeFileSync(configFile(), `${lines.join("\n")}\n`);
}

/** How tests reach the local sshd; pin hostPublicKey instead of trusting on first use. */
export function sshdConnection(): { host: string; port: number; username: string; privateKey: Buffer; hostPublicKey: string } {
  return {
    host: env.COSMO_HOST,
    port: env.COSMO_SSHD_PORT,
    username: os.userInfo().username,
    privateKey: fs.readFileSync(clientKey()),
    hostPublicKey: fs.readFileSync(`${hostKey()}.pub`, "utf8").trim(),
  };
}

export const sshd: Service = {
  name: "sshd",
  description: "OpenSSH server on loopback, the remote host of the SSH routine tests",
  get version() {
    return sshdVersion();
  },
  testOnly: true,

  async install(progress) {
    if (!fs.existsSync(SSHD)) {
      throw new CosmoError("PREREQUISITE_MISSING", `OpenSSH server is required for the SSH tests: ${INSTALL_HINT}`);
    }
    fs.mkdirSync(cacheDir("ssh"), { recursive: true, mode: 0o700 });
    if (!fs.existsSync(hostKey()) || !fs.existsSync(clientKey())) progress("generating SSH host and client keys");
    await keygen(hostKey(), "cosmo-test-host");
    await keygen(clientKey(), "cosmo-test-client");
    fs.writeFileSync(authorizedKeys(), fs.readFileSync(`${clientKey()}.pub`), { mode: 0o600 });
  },

  async start() {
    if ((await this.status()).state === "running") return;
    if (!fs.existsSync(hostKey()) || !fs.existsSync(authorizedKeys())) {
      throw new CosmoError("PREREQUISITE_MISSING", "sshd: keys missing; run its install step first.");
    }
    await stopDaemon("sshd");
    await assertPortFree(env.COSMO_HOST, env.COSMO_SSHD_PORT, "sshd");
    writeConfig();
    // Run as root, sshd chroots its unprivileged child into this directory.
    if (process.getuid?.() === 0) fs.mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
    await run(SSHD, ["-t", "-f", configFile()]);
    const record = spawnDaemon({ name: "sshd", command: SSHD, args: ["-D", "-e", "-f", configFile()] });
    await waitUntil(() => bannerReady(), { service: "sshd", what: "the SSH banner", pid: record, timeoutMs: 20_000 });
  },

  async stop() {
    await stopDaemon("sshd");
  },

  async status(): Promise<ServiceStatus> {
    return daemonStatus({ name: "sshd", version: sshdVersion(), port: env.COSMO_SSHD_PORT }, () => bannerReady());
  },
};
