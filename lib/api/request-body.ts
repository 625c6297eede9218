import { env } from "@/lib/env";
import { CosmoError } from "@/lib/errors";

const tooLarge = () => new CosmoError("PAYLOAD_TOO_LARGE", `the request body is larger than ${env.COSMO_MAX_BODY_BYTES} bytes`);

/** A declared Content-Length over the limit is refused before a byte of the body is read. */
export function assertDeclaredSizeAllowed(request: Request): void {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > env.COSMO_MAX_BODY_BYTES) throw tooLarge();
}

/**
 * The body's bytes, at most COSMO_MAX_BODY_BYTES: a chunked body (no
 * Content-Length) is counted as it streams in and abandoned once past the limit.
 */
export async function readBodyBytes(request: Request): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > env.COSMO_MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The body as text; bytes that are not UTF-8 are the caller's error. */
export async function readBodyText(request: Request): Promise<string> {
  const bytes = await readBodyBytes(request);
  try {
    return utf8.decode(bytes);
  } catch (error) {
    throw new CosmoError("BAD_REQUEST", "the request body is not valid UTF-8", { cause: error });
  }
}
