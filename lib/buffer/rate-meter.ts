/** Records/s over the last few seconds, from samples of a running total. */
export class RateMeter {
  private samples: { t: number; total: number }[] = [];

  constructor(private readonly windowMs = 3000) {}

  record(total: number, t: number = Date.now()): void {
    this.samples.push({ t, total });
    // Keep one sample at or beyond the window so the span covers it entirely.
    while (this.samples.length > 2 && t - this.samples[1]!.t >= this.windowMs) this.samples.shift();
  }

  perSecond(): number {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.t <= first.t) return 0;
    return ((last.total - first.total) / (last.t - first.t)) * 1000;
  }
}
