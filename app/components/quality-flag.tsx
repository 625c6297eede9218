import type { QualityFlag } from "@/lib/generated/prisma/enums";

/**
 * A run's worst data-quality flag as a badge ("–" before the first check).
 * Tables whose column already says "Quality" show the bare word; elsewhere
 * (the run page, the run list) the badge says "quality ...".
 */
export function QualityFlagBadge({ flag, labelled = false, title }: { flag: QualityFlag | string | null | undefined; labelled?: boolean; title?: string }) {
  const word = flag ?? "–";
  if (!labelled) {
    return (
      <span className={flag ? `badge quality-${flag}` : "muted"} data-testid="quality-flag">
        {word}
      </span>
    );
  }
  return (
    <span className={`badge quality-${flag ?? "none"}`} data-testid="run-quality" title={title ?? "worst data-quality flag of any window"}>
      quality {word}
    </span>
  );
}
