// The cosmo CLI's REST commands as scripts use them: answers and exit codes.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { newToken } from "@/tests/support/auth";
import { cosmo } from "@/tests/support/cli";

let viewer = "";
let operator = "";

before(async () => {
  viewer = (await newToken("viewer")).value;
  operator = (await newToken("operator")).value;
});

after(async () => {
  await db.$disconnect();
});

test("cosmo clusters lists the configurations, as a table and as JSON", async () => {
  const table = await cosmo(["clusters"], { COSMO_TOKEN: viewer });
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /^CLUSTER\s+STATE\s+HOSTS/);
  assert.match(table.stdout, /\nlocalhost\s+\S+\s+localhost/);
  const json = await cosmo(["clusters", "--json"], { COSMO_TOKEN: viewer });
  assert.equal(json.code, 0, json.stderr);
  const clusters = JSON.parse(json.stdout) as { name: string; hosts: { address: string }[] }[];
  assert.equal(clusters.find((c) => c.name === "localhost")?.hosts[0]?.address, env.COSMO_HOST);
});

test("exit codes: 4 without a token or with a refused one, 4 for a role too low, 2 for bad usage, 3 when the server is unreachable, 1 when refused otherwise", async () => {
  const none = await cosmo(["clusters"]);
  assert.equal(none.code, 4);
  assert.match(none.stderr, /COSMO_TOKEN/);
  const unknown = await cosmo(["clusters"], { COSMO_TOKEN: "cosmo_nope" });
  assert.equal(unknown.code, 4);
  assert.match(unknown.stderr, /unknown, expired or revoked/);
  assert.equal(unknown.stderr.includes("cosmo_nope"), false, "the token is not printed");

  const low = await cosmo(["beat", "--cluster", "localhost"], { COSMO_TOKEN: viewer });
  assert.equal(low.code, 4);
  assert.match(low.stderr, /needs the operator role/);

  for (const args of [["beat"], ["beat", "--cluster"], ["beat", "--cluster", "x", "--bogus"], ["beat", "--cluster", "x", "--rate", "5"], ["run", "--cluster", "x", "--rate", "fast"], ["tail"]]) {
    const res = await cosmo(args, { COSMO_TOKEN: operator });
    assert.equal(res.code, 2, `${args.join(" ")}: ${res.stderr}`);
  }
  const badParam = await cosmo(["run", "--cluster", "localhost", "--rate=-5"], { COSMO_TOKEN: operator });
  assert.equal(badParam.code, 2, badParam.stderr);
  assert.match(badParam.stderr, /params\.rate/);

  const unreachable = await cosmo(["clusters"], { COSMO_TOKEN: viewer, COSMO_URL: `http://127.0.0.1:${env.COSMO_TEST_PORT_BASE + 40}` });
  assert.equal(unreachable.code, 3);
  assert.match(unreachable.stderr, /does not answer/);

  const missing = await cosmo(["init", "--cluster", "no-such-cluster"], { COSMO_TOKEN: operator });
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /cluster "no-such-cluster" not found/);
});
