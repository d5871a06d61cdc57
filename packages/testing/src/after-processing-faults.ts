// Faults a simulator applies after it processed a request (the answer lost or cut short).
import { FaultQueue } from './fault-queue.js';
import type { SimResponse } from './sim-messages.js';

/** The body of a `malformed` fault: JSON cut short. */
export const malformedBody: SimResponse = {
  status: 200,
  headers: { 'content-type': 'application/json' },
  text: '{"id": "trunc',
};

/**
 * Faults applied after a request was processed: its effect stays (a link is
 * made) but the answer is replaced (`status`, `malformed`), late (`delay`)
 * or never comes (`drop`: held until {@link AfterProcessingFaults.releaseAll},
 * so the caller times out). A simulator calls {@link apply} on each answer it
 * wants exposed to them and {@link releaseAll} when it closes.
 */
export class AfterProcessingFaults {
  /** The queue tests inject into (a simulator exposes it, e.g. as `faultsAfterProcessing`). */
  readonly queue = new FaultQueue();
  private readonly held = new Set<() => void>();

  /** @param errorResponse the provider's error answer for a `status` fault */
  constructor(private readonly errorResponse: (status: number, retryAfterSeconds?: number) => SimResponse) {}

  /** The answer to send for `response`, after the next queued fault (if any). */
  async apply(response: SimResponse): Promise<SimResponse> {
    const fault = this.queue.take();
    switch (fault?.kind) {
      case 'status':
        return this.errorResponse(fault.status, fault.retryAfterSeconds);
      case 'malformed':
        return malformedBody;
      case 'delay':
        await new Promise((resolve) => setTimeout(resolve, fault.ms));
        return response;
      case 'drop':
        return new Promise<SimResponse>((resolve) => {
          const release = () => resolve(response);
          this.held.add(release);
        });
      default:
        return response;
    }
  }

  /** Lets every held answer go (to sockets that are gone by then): call on close. */
  releaseAll(): void {
    for (const release of this.held) release();
    this.held.clear();
  }
}
