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
  private readonly listeners = new Set<(now: Date) => void>();

  /** @param start the first instant (default: the real time at construction) */
  constructor(start: Date = new Date()) {
    this.current = start.getTime();
  }

  /** The current instant. */
  now(): Date {
    return new Date(this.current);
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
