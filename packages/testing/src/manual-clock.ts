/**
 * A clock tests move by hand. Simulators and adapters share one, so expiry
 * and webhook timestamps agree without waiting.
 *
 * @example
 * const clock = new ManualClock(new Date('2026-01-15T12:00:00Z'))
 * clock.advance(31 * 24 * 3600 * 1000) // a month later
 */
export class ManualClock {
  private current: number;
  private realAnchor: number;
  private readonly ticking: boolean;
  private readonly listeners = new Set<(now: Date) => void>();

  /**
   * @param start the first instant (default: the real time at construction)
   * @param options `ticking: true` makes the clock also follow real time
   *   (for long-running simulators such as `paylinks simulate`); `advance`
   *   and `set` still move it by hand.
   */
  constructor(start: Date = new Date(), options: { readonly ticking?: boolean } = {}) {
    this.current = start.getTime();
    this.realAnchor = Date.now();
    this.ticking = options.ticking ?? false;
  }

  /** The current instant. */
  now(): Date {
    return new Date(this.ticking ? this.current + (Date.now() - this.realAnchor) : this.current);
  }

  /** `now` as a free function, for `now` settings. */
  readonly fn = (): Date => this.now();

  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError('ManualClock.advance takes a non-negative number of ms');
    this.current += ms;
    this.emit();
  }

  /** Sets the clock to an instant (forward or back). */
  set(date: Date): void {
    this.current = date.getTime();
    this.realAnchor = Date.now();
    this.emit();
  }

  /** Calls `listener` after every change; returns an unsubscribe function. */
  onChange(listener: (now: Date) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    const now = this.now();
    for (const listener of this.listeners) listener(now);
  }
}
