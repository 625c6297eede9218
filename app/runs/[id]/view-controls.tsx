import type { ViewMode } from "@/app/runs/[id]/dashboard";

interface Props {
  mode: ViewMode;
  onMode: (m: ViewMode) => void;
  log: boolean;
  onLog: (log: boolean) => void;
}

export function ViewControls({ mode, onMode, log, onLog }: Props) {
  return (
    <span className="controls">
      <span className="toggle" role="group" aria-label="what the histograms show">
        <button type="button" aria-pressed={mode === "cumulative"} onClick={() => onMode("cumulative")} data-testid="mode-cumulative">
          Whole run
        </button>
        <button type="button" aria-pressed={mode === "window"} onClick={() => onMode("window")} data-testid="mode-window">
          Last window
        </button>
      </span>
      <label>
        <input type="checkbox" checked={log} onChange={(e) => onLog(e.target.checked)} data-testid="log-scale" /> log scale
      </label>
    </span>
  );
}
