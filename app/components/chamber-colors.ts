/** Chamber colours come from globals.css (--chamber-N), the one place they are set, so tables and charts agree. */
const FALLBACK = ["#e5534b", "#d4b02f", "#46a758", "#3d7fe0"];

export function chamberColor(chamber: number): string {
  if (typeof document !== "undefined") {
    const v = getComputedStyle(document.documentElement).getPropertyValue(`--chamber-${chamber}`).trim();
    if (v) return v;
  }
  return FALLBACK[chamber % FALLBACK.length]!;
}

export const chamberVar = (chamber: number) => `var(--chamber-${chamber % FALLBACK.length})`;
