import type { AlarmView } from "@/lib/alarms/alarm-view";
import type { AlarmEvent } from "@/lib/alarms/publish-alarm-event";
import { env } from "@/lib/env";
import { webUrl } from "@/lib/runtime/web-url";

/** Slack's legacy attachment, which Mattermost's incoming webhooks accept as is. */
interface Attachment {
  fallback: string;
  color: string;
  title: string;
  title_link: string;
  text: string;
  fields: { title: string; value: string; short: boolean }[];
  ts: number;
}

/** The body both Slack and Mattermost incoming webhooks accept: `text`, plus attachments for the details. */
export interface WebhookMessage {
  text: string;
  attachments: Attachment[];
}

const colors = { error: "#d32f2f", warning: "#f9a825", cleared: "#2e7d32", acknowledged: "#1565c0" } as const;

const verbs: Record<AlarmEvent, string> = { raised: "raised", cleared: "cleared", acknowledged: "acknowledged" };

/** What an alarm event says in a chat channel: one line anyone can act on, the details below it. */
export function webhookMessage(alarm: AlarmView, event: AlarmEvent, at: Date): WebhookMessage {
  const base = (env.COSMO_PUBLIC_URL ?? webUrl()).replace(/\/+$/, "");
  const link = `${base}/alarms`;
  const where = [alarm.runName ? `run ${alarm.runName}` : null, alarm.clusterName ? `cluster ${alarm.clusterName}` : null].filter(Boolean).join(" on ");
  const who = event === "acknowledged" && alarm.acknowledgedBy ? ` by ${alarm.acknowledgedBy}` : "";
  const text = `[${alarm.severity.toUpperCase()}] ${alarm.title}${where ? ` (${where})` : ""}: ${verbs[event]}${who}. ${link}`;
  const fields = [
    { title: "Severity", value: alarm.severity, short: true },
    { title: "Source", value: `${alarm.source} / ${alarm.kind}`, short: true },
    ...(alarm.runName ? [{ title: "Run", value: `${alarm.runName} ${base}/runs/${alarm.runId}`, short: true }] : []),
    ...(alarm.clusterName ? [{ title: "Cluster", value: `${alarm.clusterName} ${base}/clusters/${alarm.clusterName}`, short: true }] : []),
    { title: "Raised", value: alarm.raisedAt, short: true },
    ...(alarm.clearedAt ? [{ title: "Cleared", value: alarm.clearedAt, short: true }] : []),
    ...(alarm.acknowledgedBy ? [{ title: "Acknowledged by", value: alarm.acknowledgedBy, short: true }] : []),
  ];
  const color = event === "raised" ? colors[alarm.severity] : colors[event];
  return {
    text,
    attachments: [{ fallback: text, color, title: `${alarm.title} (${verbs[event]})`, title_link: link, text: alarm.detail, fields, ts: Math.floor(at.getTime() / 1000) }],
  };
}
