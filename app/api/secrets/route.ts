import { NextResponse } from "next/server";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { parseOrThrow, readJson } from "@/lib/api/validation";
import { createSecret } from "@/lib/secrets/create-secret";
import { listSecrets } from "@/lib/secrets/list-secrets";
import { secretInputSchema } from "@/lib/secrets/secret-value";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request) => {
  await authorise(request, "admin");
  return NextResponse.json({ secrets: await listSecrets() });
});

export const POST = route(async (request: Request) => {
  const actor = await authorise(request, "admin");
  const input = parseOrThrow(secretInputSchema, await readJson(request));
  return NextResponse.json(await createSecret(input, actor), { status: 201 });
});
