import { formatInt, formatRate, formatTime } from "@/app/components/format";
import type { PipelineStatus } from "@/lib/live/pipeline-status";

const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${Math.round(x)} ms`);

/** How the data moves: buffer rate and progress, records in flight, Kafka lag, Spark batch time, window latency, last window stored. */
export function PipelineStrip({ status, now }: { status: PipelineStatus | null; now: number }) {
  if (!status) return <div className="strip muted" data-testid="pipeline-strip">Waiting for the pipeline status…</div>;
  const b = status.buffer;
  const spark = status.spark;
  const progress = b.totalBytes > 0 ? (100 * (b.totalBytes - b.bytesLeft)) / b.totalBytes : null;
  const age = status.lastWindowAt ? Math.max(0, (now - Date.parse(status.lastWindowAt)) / 1000) : null;
  return (
    <div className="strip" data-testid="pipeline-strip">
      <span>
        buffer <b data-testid="pipeline-buffer-state">{b.state}</b>
      </span>
      <span>
        rate <b data-testid="pipeline-rate">{formatRate(b.currentRate)}</b> rec/s{" "}
        <span className="muted">
          (target <span data-testid="pipeline-target">{b.rate === 0 ? "max" : formatInt(b.rate)}</span>)
        </span>
      </span>
      <span>
        sent <b data-testid="pipeline-sent">{formatInt(b.recordsSent)}</b>
        {progress === null ? null : (
          <span className="muted">
            {" "}
            (<span data-testid="pipeline-progress">{progress.toFixed(1)}</span> %)
          </span>
        )}
      </span>
      <span title="records sent to Kafka that no stored window counts yet: in Kafka, in Spark, or in windows still open">
        in flight <b data-testid="pipeline-inflight">{status.inFlightRecords === null ? "–" : formatInt(status.inFlightRecords)}</b>
      </span>
      <span title="hits-topic offsets available to the Spark job's latest micro-batch but not read by it">
        Kafka lag <b data-testid="pipeline-kafka-lag">{spark?.kafkaLagOffsets == null ? "–" : formatInt(spark.kafkaLagOffsets)}</b>
      </span>
      <span title="Spark's time for the latest micro-batch that read data, and the median of the last 20">
        Spark batch <b data-testid="pipeline-batch">{spark ? ms(spark.batchMs) : "–"}</b>{" "}
        {spark ? <span className="muted">(p50 {ms(spark.batchP50Ms)})</span> : null}
      </span>
      <span title="from the window's last record entering Kafka to the window's row in PostgreSQL">
        window latency <b data-testid="pipeline-latency">{spark?.windowLatencyMs == null ? "–" : ms(spark.windowLatencyMs)}</b>
      </span>
      <span>
        last window <b data-testid="pipeline-last-window">{status.lastWindow ?? "–"}</b>{" "}
        <span className="muted">
          stored {formatTime(status.lastWindowAt)}
          {age === null ? null : (
            <>
              , <span data-testid="pipeline-age">{age.toFixed(0)}</span> s ago
            </>
          )}
        </span>
      </span>
    </div>
  );
}
