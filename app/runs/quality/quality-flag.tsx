import type { QualityFlag } from "@/lib/generated/prisma/enums";

/** The worst data-quality flag of a run in one word ("–" before the first check). */
export function QualityFlagBadge({ flag, title }: { flag: QualityFlag | null | undefined; title?: string }) {
  return (
    <span className={`badge quality-${flag ?? "none"}`} data-testid="run-quality" title={title ?? "worst data-quality flag of any window"}>
      {flag ? `quality ${flag}` : "quality –"}
    </span>
  );
}
