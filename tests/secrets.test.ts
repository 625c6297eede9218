import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { after, test } from "node:test";
import { promisify } from "node:util";
import { db } from "@/lib/db";
import { childEnv, env, repoRoot } from "@/lib/env";
import { CosmoError } from "@/lib/errors";
import { sshdConnection } from "@/lib/runtime/services/sshd";
import { getS3CredentialsOrThrow, getSshKeyOrThrow } from "@/lib/secrets/get-secret-value";
import { unseal } from "@/lib/secrets/seal";
import { secretKey, secretKeyFile } from "@/lib/secrets/secret-key";
import { api, errorPaths } from "@/tests/support/api";
import { testTag, twoHostSpec } from "@/tests/support/test-data";

const tag = testTag("secrets");
const named = (what: string) => `${tag}-${what}`;
// The test stack's sshd client key: a real OpenSSH ed25519 private key.
const sshKey = sshdConnection().privateKey.toString("utf8");
// A line from the middle of the key: any response or stored byte string containing it leaks the key.
const sshKeyBody = sshKey.split("\n")[1] ?? "";

after(async () => {
  await db.clusterConfig.deleteMany({ where: { name: { startsWith: tag } } });
  await db.secret.deleteMany({ where: { name: { startsWith: tag } } });
  await db.$disconnect();
});

async function sealedBytes(name: string): Promise<Buffer> {
  const rows = await db.$queryRaw<{ sealed: Uint8Array }[]>`select sealed from secret where name = ${name}`;
  assert.equal(rows.length, 1, `secret ${name} stored`);
  return Buffer.from(rows[0]!.sealed);
}

const printSshKey = (name: string, secretKeyBase64: string) =>
  promisify(execFile)(process.execPath, ["--import", "tsx", path.join(repoRoot, "tests", "support", "print-ssh-key.ts"), name], {
    cwd: repoRoot,
    env: childEnv({ COSMO_SECRET_KEY: secretKeyBase64 }),
  }).then(
    ({ stdout }) => ({ code: 0, stdout, stderr: "" }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );

test("an SSH key is stored sealed, decrypts with the key, and no response carries it", async () => {
  assert.ok(sshKeyBody.length > 40, "the key has a body line");
  const name = named("ssh");
  const created = await api("POST", "/api/secrets", { name, kind: "ssh_key", value: sshKey });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.name, name);
  assert.equal(created.json.kind, "ssh_key");
  assert.deepEqual(Object.keys(created.json).sort(), ["createdAt", "id", "kind", "name", "updatedAt"]);
  assert.ok(!created.text.includes(sshKeyBody) && !created.text.includes("PRIVATE KEY"));

  const listed = await api("GET", "/api/secrets");
  assert.equal(listed.status, 200);
  assert.deepEqual(
    listed.json.secrets.filter((s: { name: string }) => s.name === name).map((s: { kind: string }) => s.kind),
    ["ssh_key"],
  );
  assert.ok(!listed.text.includes(sshKeyBody) && !listed.text.includes("PRIVATE KEY"));

  const sealed = await sealedBytes(name);
  assert.equal(sealed.length, 12 + 16 + Buffer.byteLength(sshKey), "iv + tag + ciphertext of the key's length");
  assert.ok(!sealed.includes(Buffer.from(sshKeyBody)), "the stored bytes do not contain the key");
  assert.ok(!sealed.includes(Buffer.from("OPENSSH PRIVATE KEY")));

  assert.equal(unseal(sealed, secretKey(), { name, keySource: "test" }), sshKey);
  assert.equal(await getSshKeyOrThrow(name), sshKey);
  assert.throws(
    () => unseal(sealed, randomBytes(32), { name, keySource: "a test key" }),
    (e: unknown) =>
      e instanceof CosmoError &&
      e.code === "SECRET_UNREADABLE" &&
      e.message === `secret "${name}" cannot be decrypted with the key from a test key: it was sealed with another key (restore that key, or store the secret again)`,
  );
});

test("another COSMO_SECRET_KEY fails with a clear message; the same key given in the environment reads the secret", async () => {
  const name = named("ssh-env");
  assert.equal((await api("POST", "/api/secrets", { name, kind: "ssh_key", value: sshKey })).status, 201);
  // The web server sealed it with the key file it created on first use: one key per COSMO_HOME.
  if (!env.COSMO_SECRET_KEY) assert.equal(fs.statSync(secretKeyFile()).mode & 0o777, 0o600, "the generated key file is readable by its owner only");

  const other = await printSshKey(name, randomBytes(32).toString("base64"));
  assert.equal(other.code, 1);
  assert.equal(other.stdout, "");
  assert.equal(
    other.stderr,
    `SECRET_UNREADABLE: secret "${name}" cannot be decrypted with the key from COSMO_SECRET_KEY: it was sealed with another key (restore that key, or store the secret again)`,
  );

  const same = await printSshKey(name, secretKey().toString("base64"));
  assert.equal(same.code, 0, same.stderr);
  assert.equal(same.stdout, sshKey);
});

test("S3 credentials are sealed, replaced, read back only by the routines' function, and never answered", async () => {
  const name = named("s3");
  const secretAccessKey = `wJalrXUtnFEMI/K7MDENG+${tag}`;
  const created = await api("POST", "/api/secrets", { name, kind: "s3_credentials", value: { accessKeyId: "AKIAEXAMPLE", secretAccessKey } });
  assert.equal(created.status, 201, created.text);
  assert.ok(!created.text.includes(secretAccessKey) && !created.text.includes("AKIAEXAMPLE"));
  assert.ok(!(await sealedBytes(name)).includes(Buffer.from(secretAccessKey)));
  assert.deepEqual(await getS3CredentialsOrThrow(name), { accessKeyId: "AKIAEXAMPLE", secretAccessKey });

  const rotated = `rotated+${tag}`;
  const replaced = await api("PUT", `/api/secrets/${name}`, { value: { accessKeyId: "AKIANEW", secretAccessKey: rotated } });
  assert.equal(replaced.status, 200, replaced.text);
  assert.equal(replaced.json.kind, "s3_credentials");
  assert.ok(!replaced.text.includes(rotated));
  assert.deepEqual(await getS3CredentialsOrThrow(name), { accessKeyId: "AKIANEW", secretAccessKey: rotated });
  assert.ok(!(await api("GET", "/api/secrets")).text.includes(rotated));

  const badShape = await api("PUT", `/api/secrets/${name}`, { value: { accessKeyId: "has space" } });
  assert.equal(badShape.status, 400);
  assert.deepEqual(errorPaths(badShape).sort(), ["value.accessKeyId", "value.secretAccessKey"]);

  await assert.rejects(getSshKeyOrThrow(name), (e: unknown) => e instanceof CosmoError && e.code === "BAD_REQUEST" && e.message === `secret "${name}" is of kind s3_credentials, not ssh_key`);
  await assert.rejects(getS3CredentialsOrThrow(named("none")), (e: unknown) => e instanceof CosmoError && e.code === "NOT_FOUND" && e.message.includes(named("none")));
  assert.equal((await api("PUT", `/api/secrets/${named("none")}`, { value: "x" })).status, 404);
});

test("invalid secrets are refused field by field, without echoing the value", async () => {
  const pkcs8 = generateKeyPairSync("ed25519", { privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey;
  const cases: [unknown, string, string?][] = [
    [{ name: named("a"), kind: "password", value: "x" }, "kind"],
    [{ name: named("a"), kind: "ssh_key", value: "not a key NOTAKEY" }, "value", "NOTAKEY"],
    [{ name: named("a"), kind: "ssh_key", value: pkcs8 }, "value", pkcs8.split("\n")[1]],
    [{ name: named("a"), kind: "ssh_key", value: sshKey.replace("OPENSSH PRIVATE", "OPENSSH PUBLIC") }, "value", sshKeyBody],
    [{ name: "$(id)", kind: "ssh_key", value: sshKey }, "name", sshKeyBody],
    [{ name: named("a"), kind: "s3_credentials", value: { accessKeyId: "AKIA", secretAccessKey: "with space SECRETY" } }, "value.secretAccessKey", "SECRETY"],
  ];
  for (const [body, field, leak] of cases) {
    const res = await api("POST", "/api/secrets", body);
    assert.equal(res.status, 400, `${field}: ${res.text}`);
    assert.equal(res.json.error.code, "BAD_REQUEST");
    assert.deepEqual(errorPaths(res), [field], res.text);
    if (leak) assert.ok(!res.text.includes(leak), `the refusal of ${field} does not echo the value`);
  }
  const notJson = await api("POST", "/api/secrets", "{");
  assert.equal(notJson.status, 400);
  assert.deepEqual(notJson.json, { error: { code: "BAD_REQUEST", message: "the request body must be a JSON document" } });
  assert.equal(await db.secret.count({ where: { name: named("a") } }), 0);
});

test("a second secret of the same name is a conflict", async () => {
  const name = named("dup");
  assert.equal((await api("POST", "/api/secrets", { name, kind: "ssh_key", value: sshKey })).status, 201);
  const again = await api("POST", "/api/secrets", { name, kind: "s3_credentials", value: { accessKeyId: "a", secretAccessKey: "b" } });
  assert.equal(again.status, 409);
  assert.deepEqual(again.json, { error: { code: "CONFLICT", message: `a secret named "${name}" already exists` } });
});

test("a secret a configuration uses cannot be deleted; once unused it is", async () => {
  const name = named("inuse");
  const cluster = named("uses-key");
  assert.equal((await api("POST", "/api/secrets", { name, kind: "ssh_key", value: sshKey })).status, 201);
  const created = await api("POST", "/api/clusters", { name: cluster, spec: twoHostSpec(name) });
  assert.equal(created.status, 201, created.text);

  const refused = await api("DELETE", `/api/secrets/${name}`);
  assert.equal(refused.status, 409);
  assert.equal(refused.json.error.message, `secret "${name}" is used by the cluster configuration(s) ${cluster}`);

  assert.equal((await api("DELETE", `/api/clusters/${cluster}`)).status, 204);
  assert.equal((await api("DELETE", `/api/secrets/${name}`)).status, 204);
  assert.equal(await db.secret.count({ where: { name } }), 0);
  const gone = await api("DELETE", `/api/secrets/${name}`);
  assert.equal(gone.status, 404);
  assert.equal(gone.json.error.code, "NOT_FOUND");
});
