import { NextResponse } from "next/server";
import { z } from "zod";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { parseOrThrow, readJson } from "@/lib/api/validation";
import { deleteSecret } from "@/lib/secrets/delete-secret";
import { replaceSecret } from "@/lib/secrets/replace-secret";

type Context = { params: Promise<{ name: string }> };

// The value's shape depends on the stored secret's kind: replaceSecret checks it.
const replaceInputSchema = z.object({ value: z.unknown() });

export const PUT = route(async (request: Request, { params }: Context) => {
  const { name } = await params;
  await authorise(request, "admin");
  const input = parseOrThrow(replaceInputSchema, await readJson(request));
  return NextResponse.json(await replaceSecret(name, input));
});

export const DELETE = route(async (request: Request, { params }: Context) => {
  const { name } = await params;
  await authorise(request, "admin");
  await deleteSecret(name);
  return new NextResponse(null, { status: 204 });
});
