import { linkStatus, type LinkStatus, type UnifiedStatus } from '@paylinks/core/adapter';

/**
 * Conomy's link status in the unified vocabulary. Any value this version
 * does not know is `unknown`, with the raw value kept.
 *
 * `DELETED` is not documented: a deleted link answers 404. Should Conomy
 * ever show one, it reads as `cancelled` (withdrawn by the merchant).
 */
export function mapConomyStatus(raw: string): LinkStatus {
  return linkStatus(unifiedConomyStatus(raw), raw);
}

function unifiedConomyStatus(raw: string): UnifiedStatus {
  switch (raw) {
    case 'ATTEMPT':
      return 'draft';
    case 'ACTIVE':
      return 'open';
    case 'PROCESSING_PAYMENT':
      return 'processing';
    case 'FINISHED':
      return 'paid';
    case 'EXPIRED':
      return 'expired';
    // FAILED is documented for a checkout session, not for a link: the payer may try again, so it
    // is not the final `failed` (DESIGN.md's Conomy column has no `failed`). Kept raw as unknown.
    case 'DELETED':
      return 'cancelled';
    default:
      return 'unknown';
  }
}

/**
 * The raw statuses a unified one stands for, for list filters. `cancelled`
 * has none a list can find (deleted links are gone), `failed` none (Conomy
 * links never fail for good); `unknown` has no raw value to send.
 */
export function conomyStatusesFor(status: UnifiedStatus): ReadonlyArray<string> {
  switch (status) {
    case 'draft':
      return ['ATTEMPT'];
    case 'open':
      return ['ACTIVE'];
    case 'processing':
      return ['PROCESSING_PAYMENT'];
    case 'paid':
      return ['FINISHED'];
    case 'expired':
      return ['EXPIRED'];
    case 'failed':
    case 'cancelled':
    case 'unknown':
      return [];
  }
}
