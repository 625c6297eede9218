import { db } from "@/lib/db";

/** The run a cluster has open (pending or running), if any: a cluster replays one run at a time. */
export const getOpenRun = (clusterId: string) =>
  db.run.findFirst({ where: { clusterId, status: { in: ["pending", "running"] } }, orderBy: { createdAt: "desc" } });
