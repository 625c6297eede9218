import { randomUUID } from "node:crypto";

/**
 * kafkajs reads topics only through a consumer group, so each tail joins one
 * of its own (never committing offsets) and deletes it when it ends. The
 * prefix tells them apart: listings hide them, and one a crashed server left
 * behind is recognisable as debris.
 */
export const TAIL_GROUP_PREFIX = "cosmo-tail-";

export const isTailGroup = (groupId: string) => groupId.startsWith(TAIL_GROUP_PREFIX);

export const newTailGroupId = () => `${TAIL_GROUP_PREFIX}${randomUUID()}`;
