import { NextResponse } from "next/server";
import { openApiDocument } from "@/lib/api/openapi/document";
import { route } from "@/lib/api/route";

/** Public: the description of the API is no secret, the API's answers are. */
export const GET = route(async () => NextResponse.json(openApiDocument()));
