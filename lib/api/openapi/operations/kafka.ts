import { z } from "zod";
import { op } from "@/lib/api/openapi/operation";
import { topicParamsSchema } from "@/lib/clusters/cluster-kafka";
import { tailQuerySchema } from "@/lib/clusters/topic-tail-stream";

const tag = "kafka";
const name = z.object({ name: z.string().describe("the cluster's name (or id)") });
const ids = z.array(z.number().int());

const bytesPreview = z
  .object({ text: z.string(), encoding: z.enum(["utf8", "hex"]), bytes: z.number().int().describe("the whole value's size"), truncated: z.boolean() })
  .describe("at most 2 KiB of a value (256 bytes of a key or header): its text, or hex when it is no printable UTF-8");

export const tailMessageView = z.object({
  partition: z.number().int(),
  offset: z.string(),
  timestamp: z.iso.datetime().nullable(),
  key: bytesPreview.nullable(),
  headers: z.record(z.string(), z.string()),
  value: bytesPreview.nullable(),
});

export const clusterKafkaView = z.object({
  cluster: z.string(),
  bootstrap: z.array(z.string()).describe("the brokers the configuration names, host:port"),
  absent: z.array(z.string()).describe("brokers the configuration names that the cluster does not list as alive"),
  clusterId: z.string(),
  controllerId: z.number().int().nullable(),
  brokers: z.array(z.object({ nodeId: z.number().int(), host: z.string(), port: z.number().int(), controller: z.boolean() })),
  topics: z.array(
    z.object({
      name: z.string(),
      internal: z.boolean(),
      offsets: z.number().int(),
      underReplicated: z.number().int().describe("partitions with fewer in-sync replicas than replicas"),
      partitions: z.array(
        z.object({
          partition: z.number().int(),
          leader: z.number().int(),
          replicas: ids,
          isr: ids,
          offlineReplicas: ids,
          earliest: z.number().int(),
          latest: z.number().int(),
          underReplicated: z.boolean(),
        }),
      ),
    }),
  ),
  groups: z.array(
    z.object({
      groupId: z.string(),
      state: z.string(),
      protocolType: z.string(),
      members: z.number().int(),
      lag: z.array(z.object({ topic: z.string(), lag: z.number().int() })),
    }),
  ),
});

export const kafkaOperations = [
  op({
    method: "get",
    path: "/api/clusters/{name}/kafka",
    tag,
    access: "viewer",
    summary: "The cluster's Kafka now: brokers (controller marked), topics with each partition's leader, replicas, in-sync replicas and earliest/latest offsets, consumer groups with state and lag per topic",
    description: "Read-only. 503 `SERVICE_UNAVAILABLE` naming the brokers when none answers (within 15 s).",
    params: name,
    responses: { 200: { description: "brokers, topics and groups", schema: clusterKafkaView } },
  }),
  op({
    method: "get",
    path: "/api/clusters/{name}/kafka/topics/{topic}/tail",
    tag,
    access: "viewer",
    summary: "A topic's messages: the last N as JSON (?follow=0), or as they arrive (server-sent events)",
    description:
      "Events: ready (data { topic, partitions }) once the consumer reads, message (data as in the JSON answer's messages), dropped (data { messages }: a slow reader missed that many), error (data { message }: Kafka went away; the stream ends). Read-only: the tail commits nothing and its consumer group (cosmo-tail-…) is deleted when the stream ends. 404 for a topic the cluster's Kafka does not have, 503 when no broker answers.",
    params: topicParamsSchema,
    query: tailQuerySchema,
    responses: {
      200: { description: "the last messages, oldest first (follow=0), or an event stream", schema: z.object({ topic: z.string(), messages: z.array(tailMessageView) }) },
    },
  }),
];
