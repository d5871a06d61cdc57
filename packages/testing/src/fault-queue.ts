/**
 * A fault a simulator applies to the next API requests:
 * - `status`: answer with this HTTP status in the provider's error format (with `Retry-After` for 429 when given);
 * - `drop`: destroy the connection without answering (the request is not processed);
 * - `drop-after`: process the request, then destroy the connection instead of answering
 *   (the change happened but the caller never hears of it: an ambiguous outcome);
 * - `delay`: answer normally, `ms` late;
 * - `malformed`: answer 200 with a body that is not JSON.
 */
export type SimulatorFault =
  | { readonly kind: 'status'; readonly status: number; readonly retryAfterSeconds?: number }
  | { readonly kind: 'drop' }
  | { readonly kind: 'drop-after' }
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'malformed' };

/** Faults waiting for the next API requests, first in first out. */
export class FaultQueue {
  private readonly queue: SimulatorFault[] = [];
  private applied = 0;

  /** Applies `fault` to the next `count` API requests (after those already queued). */
  inject(fault: SimulatorFault, count = 1): void {
    for (let i = 0; i < count; i++) this.queue.push(fault);
  }

  /** Drops every queued fault. */
  clear(): void {
    this.queue.length = 0;
  }

  /** The fault for this request, if any. */
  take(): SimulatorFault | undefined {
    const fault = this.queue.shift();
    if (fault !== undefined) this.applied += 1;
    return fault;
  }

  /** Faults still queued. */
  pending(): number {
    return this.queue.length;
  }

  /** Faults applied so far. */
  appliedCount(): number {
    return this.applied;
  }
}
