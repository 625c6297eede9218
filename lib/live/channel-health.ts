/**
 * Dead and noisy channels against the run so far, per chamber, judged
 * against the chamber's median channel: a channel is dead when it has no hit
 * while the median has at least MIN_MEDIAN_FOR_DEAD (a Poisson channel with
 * that mean stays empty with probability e^-10), and noisy when it has more
 * than NOISY_FACTOR times the median and exceeds it by NOISY_SIGMAS standard
 * deviations (so that a few hits in a quiet chamber do not count).
 */
export const MIN_MEDIAN_FOR_DEAD = 10;
export const NOISY_FACTOR = 3;
export const NOISY_SIGMAS = 5;

export interface ChannelFlag {
  chamber: number;
  channel: number;
  kind: "dead" | "noisy";
  hits: number;
  median: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function flagChannels(occupancy: readonly (readonly number[])[]): ChannelFlag[] {
  const flags: ChannelFlag[] = [];
  occupancy.forEach((channels, chamber) => {
    const m = median(channels);
    channels.forEach((hits, channel) => {
      if (hits === 0 && m >= MIN_MEDIAN_FOR_DEAD) flags.push({ chamber, channel, kind: "dead", hits, median: m });
      else if (hits > NOISY_FACTOR * m && hits - m > NOISY_SIGMAS * Math.sqrt(Math.max(m, 1))) flags.push({ chamber, channel, kind: "noisy", hits, median: m });
    });
  });
  return flags;
}
