/**
 * Who is calling. Until users and tokens exist every caller is the local
 * operator; this is the one place that will read the session or the token.
 */
export async function getActor(_request: Request): Promise<{ name: string }> {
  return { name: "local" };
}
