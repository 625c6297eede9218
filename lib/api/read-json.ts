import { CosmoError } from "@/lib/errors";

/** The request's JSON body; an empty body is `fallback`, invalid JSON a 400. */
export async function readJson(request: Request, fallback: unknown = {}): Promise<unknown> {
  const text = await request.text();
  if (!text.trim()) return fallback;
  try {
    return JSON.parse(text);
  } catch {
    throw new CosmoError("BAD_REQUEST", "body: not valid JSON");
  }
}
