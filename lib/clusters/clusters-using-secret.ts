import { db } from "@/lib/db";

/** Names of the configurations that reference a secret, as an SSH key or as S3 credentials. */
export async function clustersUsingSecret(name: string): Promise<string[]> {
  const asKey = JSON.stringify([{ ssh: { keySecret: name } }]);
  const rows = await db.$queryRaw<{ name: string }[]>`
    select name from cluster_config
    where spec -> 'hosts' @> ${asKey}::jsonb or spec -> 'buffer' ->> 'credentialsSecret' = ${name}
    order by name`;
  return rows.map((r) => r.name);
}
