/**
 * Paces records at a rate that may change while running. Tokens accrue
 * continuously from the clock, so the average over seconds is the rate whatever
 * the timer jitter; the bucket holds at most one second of tokens, enough to
 * make up a stall without bursting after a long pause. Rate 0 means no limit.
 */
export class TokenBucket {
  private tokens = 0;
  private last: number;

  constructor(
    private rate: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.last = now();
  }

  get currentRate(): number {
    return this.rate;
  }

  setRate(rate: number): void {
    if (rate === this.rate) return;
    this.refill();
    this.rate = rate;
    this.tokens = Math.min(this.tokens, this.capacity());
  }

  /** Whole records that may go now; Infinity without a limit. */
  available(): number {
    if (this.rate === 0) return Infinity;
    this.refill();
    return Math.floor(this.tokens);
  }

  take(records: number): void {
    if (this.rate > 0) this.tokens -= records;
  }

  /** Milliseconds until `records` tokens are there. */
  msUntil(records: number): number {
    if (this.rate === 0) return 0;
    this.refill();
    return Math.max(0, ((Math.min(records, this.capacity()) - this.tokens) / this.rate) * 1000);
  }

  private capacity(): number {
    return Math.max(1, this.rate);
  }

  private refill(): void {
    const t = this.now();
    if (this.rate > 0) this.tokens = Math.min(this.capacity(), this.tokens + ((t - this.last) / 1000) * this.rate);
    this.last = t;
  }
}
