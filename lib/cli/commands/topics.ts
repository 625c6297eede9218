import { numberFlag, parseFlags } from "@/lib/cli/flags";
import { table } from "@/lib/cli/output";
import { ApiClient, errorOf } from "@/lib/cli/remote/api-client";
import { CliExit, exitCodes } from "@/lib/cli/remote/exit-codes";
import { writeStdout } from "@/lib/cli/write-stdout";
import type { ClusterKafka } from "@/lib/clusters/cluster-kafka";
import type { BytesPreview, TailMessage } from "@/lib/kafka/message-preview";
import { SseParser, type ParsedSseEvent } from "@/lib/live/sse-parser";

export const topicsUsage = `usage: cosmo topics --cluster NAME [--internal] [--json]

A cluster's Kafka (GET /api/clusters/NAME/kafka): its brokers, every topic's
partitions with leader, replicas, in-sync replicas and offsets, and the
consumer groups with their lag.
  --internal                 also Kafka's own topics (__consumer_offsets...)
  --json                     the API's answer as it is
`;

export const topicTailUsage = `usage: cosmo topic tail --cluster NAME TOPIC [--from-beginning] [--last N] [--max N] [--json]

Prints a topic's messages as they arrive (the console consumer), one line
each: partition:offset, time, key, headers and the start of the value, until
Ctrl-C or N messages. Reads only: nothing is committed.
  --from-beginning           from each partition's earliest message
  --last N                   the newest N messages first (default 0: only new ones)
  --max N                    stop after N messages
  --json                     one message per line as the API sends it
`;

const usageError = (error: unknown, usage: string) => new CliExit(exitCodes.usage, `${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
const list = (ids: number[]) => ids.join(",") || "-";

export function kafkaTables(kafka: ClusterKafka, internal: boolean): string {
  const brokers = table(
    ["BROKER", "HOST:PORT", "CONTROLLER"],
    kafka.brokers.map((b) => [String(b.nodeId), `${b.host}:${b.port}`, b.controller ? "yes" : ""]),
  );
  const topicRows = kafka.topics
    .filter((t) => internal || !t.internal)
    .flatMap((t) => t.partitions.map((p) => [t.name, String(p.partition), String(p.leader), list(p.replicas), list(p.isr), String(p.earliest), String(p.latest), p.underReplicated ? "UNDER-REPLICATED" : ""]));
  const topics = table(["TOPIC", "PARTITION", "LEADER", "REPLICAS", "ISR", "EARLIEST", "LATEST", ""], topicRows);
  const groupRows = kafka.groups.flatMap((g) => (g.lag.length ? g.lag : [{ topic: "-", lag: 0 }]).map((l) => [g.groupId, g.state, String(g.members), l.topic, l.topic === "-" ? "-" : String(l.lag)]));
  const groups = table(["GROUP", "STATE", "MEMBERS", "TOPIC", "LAG"], groupRows);
  const absent = kafka.absent.length ? `\nnot among the cluster's live brokers: ${kafka.absent.join(", ")}\n` : "";
  return `${brokers}\n${absent}\n${topics}\n\n${groupRows.length ? groups : "no consumer groups"}\n`;
}

/** `cosmo topics --cluster NAME`: brokers, topics and groups of a cluster's Kafka. */
export async function topicsCommand(args: string[]): Promise<number> {
  let values;
  try {
    const parsed = parseFlags(args, { cluster: { type: "string" }, internal: { type: "boolean" }, json: { type: "boolean" } });
    if (parsed.positionals.length) throw new Error(`unexpected ${parsed.positionals[0]}`);
    if (!parsed.values.cluster) throw new Error("--cluster NAME is required");
    values = parsed.values;
  } catch (error) {
    throw usageError(error, topicsUsage);
  }
  const kafka = await new ApiClient().json<ClusterKafka>("GET", `/api/clusters/${encodeURIComponent(values.cluster!)}/kafka`);
  await writeStdout(values.json ? `${JSON.stringify(kafka, null, 2)}\n` : kafkaTables(kafka, values.internal ?? false));
  return exitCodes.ok;
}

const PREVIEW_CHARS = 200;
const shown = (p: BytesPreview | null) => (p === null ? "null" : JSON.stringify(p.encoding === "hex" ? `hex:${p.text}` : p.text.slice(0, PREVIEW_CHARS)));

export function messageLine(m: TailMessage): string {
  const headers = Object.entries(m.headers).map(([k, v]) => ` ${k}=${JSON.stringify(v)}`).join("");
  const size = m.value ? ` (${m.value.bytes} bytes)` : "";
  return `${m.partition}:${m.offset} ${m.timestamp ?? "-"} key=${shown(m.key)}${headers}${size} ${shown(m.value)}`;
}

/** `cosmo topic tail --cluster NAME TOPIC`: the topic's messages as they arrive. */
export async function topicTailCommand(args: string[]): Promise<number> {
  let values, topic: string;
  let max: number | undefined;
  try {
    const parsed = parseFlags(args, { cluster: { type: "string" }, "from-beginning": { type: "boolean" }, last: { type: "string" }, max: { type: "string" }, json: { type: "boolean" } });
    if (parsed.positionals.length !== 1) throw new Error("give exactly one TOPIC");
    if (!parsed.values.cluster) throw new Error("--cluster NAME is required");
    max = numberFlag("max", parsed.values.max);
    if (max !== undefined && (!Number.isInteger(max) || max < 1)) throw new Error(`--max: "${parsed.values.max}" is not a whole number of at least 1`);
    values = parsed.values;
    topic = parsed.positionals[0]!;
  } catch (error) {
    throw usageError(error, topicTailUsage);
  }
  const query = new URLSearchParams({ last: values.last ?? "0", fromBeginning: values["from-beginning"] ? "1" : "0" });
  const res = await new ApiClient().fetch(`/api/clusters/${encodeURIComponent(values.cluster!)}/kafka/topics/${encodeURIComponent(topic)}/tail?${query}`, { headers: { accept: "text/event-stream" } });
  if (!res.ok || !res.body) throw await errorOf(res);
  const events: ParsedSseEvent[] = [];
  const parser = new SseParser((e) => events.push(e));
  const decoder = new TextDecoder();
  const reader = res.body.getReader();
  let printed = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new CliExit(exitCodes.unreachable, "the server ended the tail");
    parser.push(decoder.decode(value, { stream: true }));
    for (const event of events.splice(0)) {
      if (event.event === "error") throw new CliExit(exitCodes.failed, (JSON.parse(event.data) as { message: string }).message);
      if (event.event === "dropped") process.stderr.write(`cosmo: ${(JSON.parse(event.data) as { messages: number }).messages} messages skipped (the terminal fell behind)\n`);
      if (event.event !== "message") continue;
      await writeStdout(`${values.json ? event.data : messageLine(JSON.parse(event.data) as TailMessage)}\n`);
      if (++printed === max) {
        // Ending the request ends the server's consumer and its group.
        await reader.cancel();
        return exitCodes.ok;
      }
    }
  }
}
