import type { KafkaMessage } from "kafkajs";
import { resultMessageSchema, type ProgressResult, type ResultMessage, type UnwindowedResult, type WindowResult } from "@/lib/results/schema";

const INT4_MAX = 2 ** 31 - 1;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ParsedResults {
  /** One per (run, window), the last of the batch: a window sent twice counts once. */
  windows: WindowResult[];
  /** One per run, the last of the batch: the count is cumulative. */
  unwindowed: UnwindowedResult[];
  /** In order of arrival: each names the windows it closed, which the latest alone would miss. */
  progress: ProgressResult[];
  skipped: number;
}

/** Why a message cannot be stored, or null: checked here so that one bad message never blocks the batch. */
function unstorable(m: ResultMessage): string | null {
  if (!UUID.test(m.runId)) return `runId ${JSON.stringify(m.runId)} is not a run id`;
  const ints = m.schema === "cosmo.unwindowed.v1" ? [m.malformed] : m.schema === "cosmo.progress.v1" ? m.windows.map((w) => w.window) : [m.window, m.records, m.totalHits];
  if (ints.some((v) => v > INT4_MAX)) return "a count beyond the stored range";
  return null;
}

/** Validates a batch against the results wire schema; what fails is reported with its offset and left out. */
export function parseResultMessages(messages: KafkaMessage[], reject: (offset: string, reason: string) => void): ParsedResults {
  const windows = new Map<string, WindowResult>();
  const unwindowed = new Map<string, UnwindowedResult>();
  const progress: ProgressResult[] = [];
  let skipped = 0;
  for (const message of messages) {
    let json: unknown;
    try {
      json = JSON.parse(message.value?.toString("utf8") ?? "");
    } catch {
      reject(message.offset, "not JSON");
      skipped++;
      continue;
    }
    const parsed = resultMessageSchema.safeParse(json);
    const reason = parsed.success ? unstorable(parsed.data) : parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    if (!parsed.success || reason) {
      reject(message.offset, reason ?? "invalid");
      skipped++;
      continue;
    }
    const result = parsed.data;
    if (result.schema === "cosmo.window.v1") {
      const key = `${result.runId}/${result.window}`;
      // Re-inserted so that the map keeps the order of last arrival.
      windows.delete(key);
      windows.set(key, result);
    } else if (result.schema === "cosmo.progress.v1") {
      progress.push(result);
    } else {
      unwindowed.set(result.runId, result);
    }
  }
  return { windows: [...windows.values()], unwindowed: [...unwindowed.values()], progress, skipped };
}
