import { extendOrbit } from "@/lib/detector/extended-orbit";
import { orbitOfLine } from "@/lib/detector/orbit-column";

const NL = 10;

/**
 * The extended orbit of the last line with a readable orbit in `text` (whole
 * lines, each ending in "\n"), extending every such line in order from
 * `orbit`, the extended orbit before the first line; `orbit` itself when no
 * line has one.
 */
export function extendTextOrbits(text: Buffer, orbit: number): number {
  let extended = orbit;
  for (let start = 0; start < text.length; ) {
    const nl = text.indexOf(NL, start);
    const end = nl < 0 ? text.length : nl;
    const raw = orbitOfLine(text, start, end);
    if (raw >= 0) extended = extendOrbit(extended, raw);
    start = end + 1;
  }
  return extended;
}
