import { NextResponse } from "next/server";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { parseOrThrow, readJson } from "@/lib/api/validation";
import { deleteSecret } from "@/lib/secrets/delete-secret";
import { replaceSecret, replaceSecretInputSchema } from "@/lib/secrets/replace-secret";

type Context = { params: Promise<{ name: string }> };

export const PUT = route(async (request: Request, { params }: Context) => {
  const { name } = await params;
  const actor = await authorise(request, "admin");
  const input = parseOrThrow(replaceSecretInputSchema, await readJson(request));
  return NextResponse.json(await replaceSecret(name, input, actor));
});

export const DELETE = route(async (request: Request, { params }: Context) => {
  const { name } = await params;
  const actor = await authorise(request, "admin");
  await deleteSecret(name, actor);
  return new NextResponse(null, { status: 204 });
});
