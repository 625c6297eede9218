import { NextResponse } from "next/server";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { listPresets } from "@/lib/clusters/presets";

// The localhost preset reflects this server's environment (ports, folders), so never prerender it.
export const dynamic = "force-dynamic";

export const GET = route(async (request: Request) => {
  await authorise(request, "viewer");
  return NextResponse.json({ presets: listPresets() });
});
