import { formatInt, formatRate, formatTime } from "@/app/components/format";
import type { PipelineStatus } from "@/lib/live/pipeline-status";

/** How the data moves: buffer rate and progress, records in flight, last window stored. */
export function PipelineStrip({ status, now }: { status: PipelineStatus | null; now: number }) {
  if (!status) return <div className="strip muted" data-testid="pipeline-strip">Waiting for the pipeline status…</div>;
  const b = status.buffer;
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
