import { formatMoney, type PaymentLink } from '@paylinks/core';

import type { Sale } from './demo-app.js';
import { formatColumns } from './format-link.js';

const amountKeys = ['amount', 'amount_cents', 'totalAmount', 'total_amount', 'price'];

/**
 * The amount as the provider wrote it in the link's raw body (`amount: 9995`,
 * `totalAmount: "99.95"`, `amount_cents: 9995`): the first amount-like field.
 */
export function rawAmount(link: PaymentLink): string {
  const raw = link.raw;
  if (typeof raw !== 'object' || raw === null) return '(not in the raw body)';
  const entries = Object.entries(raw as Record<string, unknown>).filter(
    ([, v]) => typeof v === 'number' || typeof v === 'string',
  );
  const found =
    amountKeys.map((k) => entries.find(([key]) => key === k)).find((e) => e !== undefined) ??
    entries.find(([key]) => /amount/i.test(key));
  return found === undefined ? '(not in the raw body)' : `${found[0]}: ${JSON.stringify(found[1])}`;
}

/** One sale's timeline as lines of text: header, amounts, the steps, and the outcome. */
export function timelineLines(sale: Sale): string[] {
  const table = formatColumns([
    ['step', 'unified', 'raw', 'attempts'],
    ...sale.timeline.map((e) => [e.step, e.status.unified, e.status.raw, e.attempts]),
  ]).split('\n');
  const hooks = sale.webhooks;
  return [
    `${sale.provider}  (link ${sale.link.id})`,
    `amount sent:  ${rawAmount(sale.link)}`,
    `normalized:   ${sale.link.amount.amount} ${sale.link.amount.currency} minor units = ${formatMoney(sale.link.amount)}`,
    `webhooks:     ${hooks.received} received, ${hooks.verified} signature-verified, ${hooks.refused} refused`,
    '',
    ...table,
    '',
    `=> ${sale.status.unified} (${sale.status.raw})`,
  ];
}

/**
 * The timelines side by side, one column block per provider; stacked one
 * after the other when `width` (the terminal's) is too narrow for that.
 */
export function formatTimelines(sales: ReadonlyArray<Sale>, width?: number): string {
  const blocks = sales.map(timelineLines);
  const widths = blocks.map((lines) => Math.max(...lines.map((l) => [...l].length)));
  const gap = '   |   ';
  const total = widths.reduce((a, b) => a + b, 0) + gap.length * (blocks.length - 1);
  if (width !== undefined && total > width) return blocks.map((lines) => lines.join('\n')).join('\n\n');
  const height = Math.max(...blocks.map((b) => b.length));
  const rows: string[] = [];
  for (let i = 0; i < height; i++) {
    rows.push(
      blocks
        .map((lines, b) => {
          const line = lines[i] ?? '';
          return b === blocks.length - 1 ? line : line + ' '.repeat((widths[b] ?? 0) - [...line].length);
        })
        .join(gap)
        .trimEnd(),
    );
  }
  return rows.join('\n');
}
