import { NextResponse } from "next/server";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { searchParamsObject } from "@/lib/api/search-params";
import { parseOrThrow } from "@/lib/api/validation";
import { deliveryQuerySchema, listWebhookDeliveries } from "@/lib/webhooks/list-webhook-deliveries";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ name: string }> };

/** Every delivery attempt to the webhook, newest first. */
export const GET = route(async (request: Request, { params }: Context) => {
  const { name } = await params;
  await authorise(request, "admin");
  const query = parseOrThrow(deliveryQuerySchema, searchParamsObject(request.url));
  return NextResponse.json({ deliveries: await listWebhookDeliveries(name, query) });
});
