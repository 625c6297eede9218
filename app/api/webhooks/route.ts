import { NextResponse } from "next/server";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { parseOrThrow, readJson } from "@/lib/api/validation";
import { createWebhook } from "@/lib/webhooks/create-webhook";
import { webhookInputSchema } from "@/lib/webhooks/webhook-input";
import { listWebhooks } from "@/lib/webhooks/list-webhooks";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request) => {
  await authorise(request, "admin");
  return NextResponse.json({ webhooks: await listWebhooks() });
});

export const POST = route(async (request: Request) => {
  const actor = await authorise(request, "admin");
  const input = parseOrThrow(webhookInputSchema, await readJson(request));
  return NextResponse.json(await createWebhook(input, actor), { status: 201 });
});
