import type { AttemptState, UnifiedStatus } from '@paylinks/core/adapter';

/**
 * A payment link's status: `active`, `paid`, `expired`, `cancelled`.
 * Anything else is `unknown` (the raw value is kept by the caller).
 * @see https://docs.withgale.com/api-reference/endpoint/get-payment-link
 */
export function mapHsaStatus(raw: string): UnifiedStatus {
  switch (raw) {
    case 'active':
      return 'open';
    case 'paid':
      return 'paid';
    case 'expired':
      return 'expired';
    case 'cancelled':
      return 'cancelled';
    default:
      return 'unknown';
  }
}

/**
 * An order's status (one payment attempt): `pending`, `processing`,
 * `completed`, `failed`, `cancelled`, `refunded`. A refunded order was paid
 * first, so the attempt itself succeeded.
 * @see https://docs.withgale.com/developer-manual/integration-flow
 */
export function mapHsaOrderStatus(raw: string): AttemptState {
  switch (raw) {
    case 'pending':
      return 'pending';
    case 'processing':
      return 'processing';
    case 'completed':
    case 'refunded':
      return 'succeeded';
    case 'failed':
      return 'failed';
    case 'cancelled':
      return 'cancelled';
    default:
      return 'unknown';
  }
}
