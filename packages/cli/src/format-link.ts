import { type Attempts, formatMoney, type LinkStatus, PaymentLink } from '@paylinks/core';

/** `paid (completed)`, with the provider's reason when it gives one. */
export function formatStatus(status: LinkStatus): string {
  return `${status.unified} (${status.raw})${status.reason !== undefined ? ` ${status.reason}` : ''}`;
}

/**
 * `2 (1 failed)`, with `, 23 of 25 left` where the provider limits attempts,
 * or `not reported` where the provider does not report them (never `0`).
 */
export function formatAttempts(attempts: Attempts): string {
  if (!attempts.reported) return 'not reported';
  const counts = `${attempts.total} (${attempts.failed} failed)`;
  return attempts.limit !== undefined
    ? `${counts}, ${attempts.remaining ?? Math.max(0, attempts.limit - attempts.total)} of ${attempts.limit} left`
    : counts;
}

/** The short form, for tables: `2, 1 failed`, `2/25, 1 failed` where limited, or `not reported`. */
export function formatAttemptsBrief(attempts: Attempts): string {
  if (!attempts.reported) return 'not reported';
  return `${attempts.total}${attempts.limit !== undefined ? `/${attempts.limit}` : ''}, ${attempts.failed} failed`;
}

/** Aligns rows of cells into columns separated by two spaces (the last column is not padded). */
export function formatColumns(rows: ReadonlyArray<ReadonlyArray<string>>): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** One link as a two-column table of its fields, empty ones left out. */
export function formatLink(link: PaymentLink): string {
  const date = (d: Date | undefined) => d?.toISOString();
  const rows: Array<[string, string | undefined]> = [
    ['provider', link.provider],
    ['id', link.id],
    ['reference', link.reference],
    ['status', formatStatus(link.status)],
    ['amount', formatMoney(link.amount)],
    ['description', link.description],
    ['url', link.url],
    ['created', date(link.createdAt)],
    ['expires', date(link.expiresAt)],
    ['paid', date(link.paidAt)],
    ['cancelled', date(link.cancelledAt)],
    ['cancellation', link.cancellationReason],
    ['customer', link.customer?.email],
    ['attempts', formatAttempts(link.attempts)],
    ['success url', link.redirects.success],
    ['failure url', link.redirects.failure],
    ['cancel url', link.redirects.cancel],
    ['test mode', link.testMode !== undefined ? String(link.testMode) : undefined],
  ];
  return formatColumns(rows.filter((r): r is [string, string] => r[1] !== undefined && r[1] !== ''));
}

/** Several links as one table, a header and one row each. */
export function formatLinkTable(links: ReadonlyArray<PaymentLink>): string {
  return formatColumns([
    ['ID', 'REFERENCE', 'STATUS', 'RAW', 'AMOUNT', 'ATTEMPTS', 'CREATED'],
    ...links.map((l) => [
      l.id,
      l.reference ?? '',
      l.status.unified,
      l.status.raw,
      formatMoney(l.amount),
      formatAttemptsBrief(l.attempts),
      l.createdAt?.toISOString() ?? '',
    ]),
  ]);
}

/** The normalized model as JSON-safe data (dates as ISO strings), for `--json`. */
export function encodeLink(link: PaymentLink): unknown {
  return PaymentLink.encode(link);
}
