import { before, test } from "node:test";
import assert from "node:assert/strict";
import { Client } from "ssh2";
import { sshd, sshdConnection } from "@/lib/runtime/services/sshd";

const log = () => {};

function keyBlob(openSshPublicKey: string): Buffer {
  return Buffer.from(openSshPublicKey.split(/\s+/)[1] ?? "", "base64");
}

/** Connects with host key pinning; the verifier's verdicts are recorded. */
function connect(expectedHostKey: Buffer, verdicts: boolean[] = []): Promise<Client> {
  const { host, port, username, privateKey } = sshdConnection();
  return new Promise((resolve, reject) => {
    const client = new Client();
    client.once("ready", () => resolve(client));
    client.once("error", reject);
    client.connect({
      host,
      port,
      username,
      privateKey,
      readyTimeout: 10_000,
      hostVerifier: (key: Buffer) => {
        const ok = key.equals(expectedHostKey);
        verdicts.push(ok);
        return ok;
      },
    });
  });
}

function exec(client: Client, command: string): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    client.exec(command, (err, stream) => {
      if (err) return reject(err);
      let stdout = "";
      let stderr = "";
      let code: number | null = null;
      stream.on("data", (d: Buffer) => (stdout += d.toString()));
      stream.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      stream.on("exit", (c: number | null) => (code = c));
      stream.on("close", () => resolve({ stdout, stderr, code }));
    });
  });
}

before(async () => {
  await sshd.install(log);
  await sshd.start(log);
});

test("exec over SSH with a pinned host key", async () => {
  const verdicts: boolean[] = [];
  const client = await connect(keyBlob(sshdConnection().hostPublicKey), verdicts);
  try {
    assert.deepEqual(verdicts, [true]);
    const result = await exec(client, "echo hello && uname -s");
    assert.equal(result.stdout, "hello\nLinux\n");
    assert.equal(result.code, 0);
  } finally {
    client.end();
  }
});

test("a failing command reports its exit code", async () => {
  const client = await connect(keyBlob(sshdConnection().hostPublicKey));
  try {
    const result = await exec(client, "echo oops >&2; exit 7");
    assert.equal(result.code, 7);
    assert.equal(result.stderr, "oops\n");
  } finally {
    client.end();
  }
});

test("an unexpected host key is refused", async () => {
  // A well-formed ed25519 key blob that is not the server's.
  const type = Buffer.from("ssh-ed25519");
  const wrong = Buffer.concat([u32(type.length), type, u32(32), Buffer.alloc(32, 7)]);
  const verdicts: boolean[] = [];
  await assert.rejects(connect(wrong, verdicts), /host key|verification/i);
  assert.deepEqual(verdicts, [false]);
});

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}
