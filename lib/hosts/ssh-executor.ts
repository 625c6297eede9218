import { Client } from "ssh2";
import type { HostSpec } from "@/lib/clusters/cluster-spec";
import { CosmoError } from "@/lib/errors";
import { DEFAULT_EXEC_TIMEOUT_MS, type ExecOptions, type ExecResult, type HostExecutor } from "@/lib/hosts/host-executor";
import { checkHostKey } from "@/lib/hosts/known-hosts";

const CONNECT_TIMEOUT_MS = 10_000;

/** Why a connection failed, in words an operator can act on. */
function unreachable(host: HostSpec, error: Error & { code?: string; level?: string }): CosmoError {
  const where = `${host.name} (${host.ssh?.user}@${host.address}:${host.ssh?.port})`;
  const reason =
    error.level === "client-authentication"
      ? "the SSH key was not accepted"
      : error.code === "ECONNREFUSED"
        ? "connection refused (is sshd running on that port?)"
        : error.code === "ENOTFOUND" || error.code === "EAI_AGAIN"
          ? "unknown host name"
          : /timed out/i.test(error.message)
            ? "no answer (timed out)"
            : // Anything else may quote what the other side sent (a banner, a protocol error): COSMO's words only.
              "the SSH handshake failed (is an SSH server listening there?)";
  return new CosmoError("SERVICE_UNAVAILABLE", `cannot reach host ${where}: ${reason}`, { cause: error });
}

/**
 * A remote host over SSH (ssh2), with its host key pinned on first contact
 * (lib/hosts/known-hosts.ts). One connection serves every script of a routine.
 */
export function sshExecutor(host: HostSpec, privateKey: string): HostExecutor {
  if (!host.ssh) throw new CosmoError("BAD_REQUEST", `host ${host.name} has no ssh settings`);
  const ssh = host.ssh;
  let connection: Promise<Client> | undefined;

  const connect = () =>
    new Promise<Client>((resolve, reject) => {
      const client = new Client();
      let refusedKey: CosmoError | undefined;
      client.once("ready", () => resolve(client));
      client.once("error", (error) => reject(refusedKey ?? unreachable(host, error)));
      client.connect({
        host: host.address,
        port: ssh.port,
        username: ssh.user,
        privateKey,
        readyTimeout: CONNECT_TIMEOUT_MS,
        hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
          checkHostKey(host.address, ssh.port, key).then(
            ({ verdict, fingerprint, expected }) => {
              if (verdict === "changed") {
                refusedKey = new CosmoError(
                  "CONFLICT",
                  `host ${host.name} (${host.address}:${ssh.port}) presented host key ${fingerprint}, but ${expected} is pinned for it; refusing to connect. If the machine was reinstalled, forget its key and try again.`,
                );
              }
              verify(verdict !== "changed");
            },
            () => verify(false),
          );
        },
      });
    });

  return {
    host,
    async exec(script: string, options: ExecOptions = {}): Promise<ExecResult> {
      connection ??= connect();
      let client: Client;
      try {
        client = await connection;
      } catch (error) {
        connection = undefined;
        throw error;
      }
      return new Promise((resolve, reject) => {
        client.exec("sh -s", (error, stream) => {
          if (error) return reject(unreachable(host, error));
          let output = "";
          let code = 1;
          const collect = (d: Buffer) => {
            const chunk = d.toString();
            output += chunk;
            options.onOutput?.(chunk);
          };
          const timer = setTimeout(() => {
            stream.signal("KILL");
            stream.close();
          }, options.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS);
          stream.on("data", collect);
          stream.stderr.on("data", collect);
          stream.on("exit", (c: number | null) => (code = c ?? 128));
          stream.on("close", () => {
            clearTimeout(timer);
            resolve({ code, output });
          });
          stream.end(script);
        });
      });
    },
    close() {
      connection?.then((c) => c.end(), () => {});
      connection = undefined;
    },
  };
}
