import { NextResponse } from "next/server";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { deleteWebhook } from "@/lib/webhooks/delete-webhook";

type Context = { params: Promise<{ name: string }> };

export const DELETE = route(async (request: Request, { params }: Context) => {
  const { name } = await params;
  const actor = await authorise(request, "admin");
  await deleteWebhook(name, actor);
  return new NextResponse(null, { status: 204 });
});
