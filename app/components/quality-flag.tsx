/** A data-quality flag (ok, warning, error) as a badge; none where no check has run. */
export function QualityFlag({ flag }: { flag: string | null }) {
  if (!flag) return <span className="muted" data-testid="quality-flag">–</span>;
  return (
    <span className={`badge quality-${flag}`} data-testid="quality-flag">
      {flag}
    </span>
  );
}
