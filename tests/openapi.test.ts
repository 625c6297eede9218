import assert from "node:assert/strict";
import { test } from "node:test";
import { webUrl } from "@/lib/runtime/web-url";
import { apiRoutes } from "@/tests/support/api-routes";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const openApi = async (): Promise<Json> => {
  const res = await fetch(`${webUrl()}/api/openapi.json`);
  assert.equal(res.status, 200, "the document is public");
  return res.json();
};

test("every route file under app/api is in /api/openapi.json with each method it exports", async () => {
  const doc = await openApi();
  assert.equal(doc.openapi, "3.1.0");
  const routes = apiRoutes();
  assert.ok(routes.length >= 20, `found ${routes.length} routes`);
  const missing = routes.filter((r) => !doc.paths[r.path]?.[r.method]).map((r) => `${r.method.toUpperCase()} ${r.path} (${r.file})`);
  assert.deepEqual(missing, [], "routes the document does not describe");
});

test("each operation says who may call it and answers errors in the one error shape", async () => {
  const doc = await openApi();
  const error = doc.components.schemas.Error;
  assert.deepEqual(Object.keys(error.properties.error.properties).sort(), ["code", "fields", "message"]);
  assert.ok(error.properties.error.properties.code.enum.includes("UNAUTHORIZED"));
  for (const { path, method } of apiRoutes()) {
    const operation = doc.paths[path][method];
    assert.ok(["public", "viewer", "operator", "admin"].includes(operation["x-cosmo-access"]), `${method} ${path}`);
    if (operation["x-cosmo-access"] === "public") continue;
    for (const status of ["401", "403"]) assert.equal(operation.responses[status]?.content["application/json"].schema.$ref, "#/components/schemas/Error", `${method} ${path} ${status}`);
  }
});

test("bodies, parameters and answers come from the zod schemas the routes parse with", async () => {
  const doc = await openApi();
  const create = doc.paths["/api/clusters"].post;
  const body = create.requestBody.content["application/json"].schema;
  assert.deepEqual(body.required.sort(), ["name", "spec"], "description has a default, so it is optional");
  assert.equal(body.properties.spec.properties.hosts.minItems, 1);
  assert.ok(create.responses["201"].content["application/json"].schema.properties.state.enum.includes("running"));
  assert.ok(create.responses["400"], "a body can be invalid");

  const routine = doc.paths["/api/clusters/{name}/routines/{routine}"].post;
  const routineParam = routine.parameters.find((p: Json) => p.name === "routine");
  assert.deepEqual(routineParam.schema.enum.sort(), ["beat", "dismiss", "halt", "init", "run"]);

  const audit = doc.paths["/api/audit"].get;
  assert.deepEqual(audit.parameters.map((p: Json) => p.name).sort(), ["action", "actor", "before", "limit", "targetId", "targetType"]);
  const token = doc.paths["/api/tokens"].post.responses["201"].content["application/json"].schema;
  assert.deepEqual(token.required.sort(), ["token", "value"]);
  assert.equal(token.properties.token.properties.value, undefined, "a listed token never has its value");
});
