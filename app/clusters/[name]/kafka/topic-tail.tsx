"use client";

import { useEffect, useState } from "react";
import { newestFirst, type BytesPreview, type TailMessage } from "@/lib/kafka/message-preview";

/** Messages the page keeps: the newest, as the console consumer's scrollback. */
const KEPT = 200;

type Status = { state: "connecting" | "reading" | "reconnecting" } | { state: "stopped"; message: string };

const previewText = (p: BytesPreview | null) => (p === null ? "null" : p.encoding === "hex" ? `hex ${p.text}` : p.text);

/**
 * A topic's messages as they arrive (GET …/kafka/topics/TOPIC/tail, server-
 * sent events), newest on top. Closing the page or choosing another topic
 * closes the stream, and the server stops its consumer.
 */
export function TopicTail({ cluster, topic }: { cluster: string; topic: string }) {
  const [messages, setMessages] = useState<TailMessage[]>([]);
  const [status, setStatus] = useState<Status>({ state: "connecting" });
  const [dropped, setDropped] = useState(0);

  useEffect(() => {
    const source = new EventSource(`/api/clusters/${encodeURIComponent(cluster)}/kafka/topics/${encodeURIComponent(topic)}/tail?last=20`);
    let pending: TailMessage[] = [];
    let frame = 0;
    source.addEventListener("ready", () => setStatus({ state: "reading" }));
    source.addEventListener("message", (e) => {
      pending.push(JSON.parse((e as MessageEvent<string>).data) as TailMessage);
      // One render per animation frame, however many messages came.
      frame ||= requestAnimationFrame(() => {
        frame = 0;
        const fresh = pending.reverse();
        pending = [];
        // A reconnect sends the newest messages again: each is kept once.
        const key = (m: TailMessage) => `${m.partition}-${m.offset}`;
        const seen = new Set(fresh.map(key));
        // Partitions are fetched one batch at a time: order by time, not by arrival.
        setMessages((kept) => [...fresh, ...kept.filter((m) => !seen.has(key(m)))].sort(newestFirst).slice(0, KEPT));
      });
    });
    source.addEventListener("dropped", (e) => setDropped((n) => n + (JSON.parse((e as MessageEvent<string>).data) as { messages: number }).messages));
    source.addEventListener("error", (e) => {
      const data = (e as MessageEvent<string>).data;
      if (data) {
        // The server's own error event: Kafka went away; reconnecting would only repeat it.
        source.close();
        setStatus({ state: "stopped", message: (JSON.parse(data) as { message: string }).message });
      } else if (source.readyState === EventSource.CLOSED) {
        // The opening request was refused (unknown topic, broker down): EventSource does not retry that.
        setStatus({ state: "stopped", message: `the tail of ${topic} could not be opened; is the topic there and Kafka up? (see the error above)` });
      } else setStatus({ state: "reconnecting" });
    });
    return () => {
      source.close();
      cancelAnimationFrame(frame);
    };
  }, [cluster, topic]);

  return (
    <div className="panel" data-testid="topic-tail">
      <p className="small">
        <span data-testid="tail-status">{status.state}</span>
        {status.state === "stopped" ? <span className="state-unhealthy"> {status.message}</span> : null}
        <span className="muted"> · newest first, the last {KEPT} kept · values cut at 2 KiB</span>
        {dropped ? <span className="muted"> · {dropped} skipped (the page fell behind)</span> : null}
      </p>
      <table>
        <thead>
          <tr>
            <th className="num">Partition</th>
            <th className="num">Offset</th>
            <th>Time</th>
            <th>Key</th>
            <th>Headers</th>
            <th>Value</th>
          </tr>
        </thead>
        <tbody data-testid="tail-messages">
          {messages.map((m) => (
            <tr key={`${m.partition}-${m.offset}`} data-testid={`message-${m.partition}-${m.offset}`}>
              <td className="num">{m.partition}</td>
              <td className="num">{m.offset}</td>
              <td className="small">{m.timestamp ? new Date(m.timestamp).toLocaleTimeString() : "–"}</td>
              <td className="small">{previewText(m.key)}</td>
              <td className="small" data-testid="headers">
                {Object.entries(m.headers)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(" ")}
              </td>
              <td>
                <pre className="step-output" data-testid="value">
                  {previewText(m.value)}
                </pre>
                {m.value?.truncated ? <span className="muted small">{m.value.bytes} bytes in all</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
