import type { AttemptState, UnifiedStatus } from '@paylinks/core/adapter';

/** Most payment attempts (orders) one Cost+ link allows. */
export const costplusMaxAttempts = 25;

/**
 * Maps a Cost+ payment-link status to the unified vocabulary.
 *
 * `all_unsuccessful` is not final while attempts remain (`open`); once
 * `attempts` reaches {@link costplusMaxAttempts} it is (`failed`).
 * Anything this version does not know is `unknown`.
 */
export function mapCostplusStatus(raw: string, attempts: number): UnifiedStatus {
  switch (raw) {
    case 'new':
      return 'open';
    case 'processing':
      return 'processing';
    case 'all_unsuccessful':
      return attempts >= costplusMaxAttempts ? 'failed' : 'open';
    case 'completed':
      return 'paid';
    case 'expired':
      return 'expired';
    default:
      return 'unknown';
  }
}

/** Maps a Cost+ order status (one attempt) to an attempt state. */
export function mapCostplusOrderStatus(raw: string): AttemptState {
  switch (raw) {
    case 'new':
      return 'pending';
    case 'processing':
      return 'processing';
    case 'error':
      return 'failed';
    case 'completed':
      return 'succeeded';
    case 'cancelled':
      return 'cancelled';
    case 'expired':
      return 'expired';
    default:
      return 'unknown';
  }
}
