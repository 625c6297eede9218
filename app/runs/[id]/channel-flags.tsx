import { chamberVar } from "@/app/components/chamber-colors";
import { formatInt } from "@/app/components/format";
import type { ChannelFlag } from "@/lib/live/channel-health";

/** Dead and noisy channels, judged on the run so far (whatever the per-window toggle shows). */
export function ChannelFlags({ flags }: { flags: ChannelFlag[] }) {
  return (
    <div data-testid="channel-flags">
      <h3>
        Channel health <span className="muted">(run so far)</span>: <span data-testid="flags-count">{flags.length}</span> flagged
      </h3>
      {flags.length === 0 ? (
        <p className="muted">No dead or noisy channel.</p>
      ) : (
        <ul className="flags">
          {flags.map((f) => (
            <li key={`${f.kind}-${f.chamber}-${f.channel}`} data-testid={`flag-${f.kind}-${f.chamber}-${f.channel}`} className={`flag flag-${f.kind}`}>
              <span className="swatch" style={{ background: chamberVar(f.chamber) }} /> chamber {f.chamber} channel {f.channel}: {f.kind}{" "}
              <span className="muted">
                ({formatInt(f.hits)} hits, chamber median {formatInt(f.median)})
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
