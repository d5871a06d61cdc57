import { linkStatus, type Money, type PaymentLink } from '@paylinks/core';
import { reportedAttempts, unreportedAttempts } from '@paylinks/core/adapter';
import { describe, expect, it } from 'vitest';

import type { Sale } from './demo-app.js';
import { formatTimelines, rawAmount } from './demo-timeline.js';
import {
  encodeLink,
  formatAttempts,
  formatAttemptsBrief,
  formatColumns,
  formatLink,
  formatLinkTable,
} from './format-link.js';

const link: PaymentLink = {
  provider: 'conomy',
  id: 'pl_1',
  reference: 'inv-1',
  url: 'http://127.0.0.1:1/checkout/inv-1',
  amount: { amount: 995, currency: 'EUR' } as Money,
  status: linkStatus('open', 'ACTIVE'),
  attempts: unreportedAttempts(),
  redirects: { success: 'https://shop.example/ok' },
  metadata: {},
  createdAt: new Date('2026-01-15T12:00:00Z'),
  raw: { id: 'pl_1', totalAmount: '9.95', currency: 'EUR' },
};

describe('link output', () => {
  it('shows one link as a table of its non-empty fields', () => {
    expect(formatLink(link)).toBe(
      [
        'provider     conomy',
        'id           pl_1',
        'reference    inv-1',
        'status       open (ACTIVE)',
        'amount       9.95 EUR',
        'url          http://127.0.0.1:1/checkout/inv-1',
        'created      2026-01-15T12:00:00.000Z',
        'attempts     not reported',
        'success url  https://shop.example/ok',
      ].join('\n'),
    );
  });

  it('lists links one per row under a header', () => {
    expect(formatLinkTable([link]).split('\n')).toEqual([
      'ID    REFERENCE  STATUS  RAW     AMOUNT    ATTEMPTS      CREATED',
      'pl_1  inv-1      open    ACTIVE  9.95 EUR  not reported  2026-01-15T12:00:00.000Z',
    ]);
  });

  it('counts attempts and failures, against the limit where the provider has one; never 0 when not reported', () => {
    const declined = { id: 'o1', status: { unified: 'failed' as const, raw: 'error' } };
    const paid = { id: 'o2', status: { unified: 'succeeded' as const, raw: 'completed' } };
    expect(formatAttempts(reportedAttempts([declined], { limit: 25, final: false }))).toBe(
      '1 (1 failed), 24 of 25 left',
    );
    expect(formatAttempts(reportedAttempts([declined, paid], { limit: 25, final: true }))).toBe(
      '2 (1 failed), 0 of 25 left',
    );
    expect(formatAttempts(reportedAttempts([declined, paid]))).toBe('2 (1 failed)');
    expect(formatAttempts(unreportedAttempts([paid]))).toBe('not reported');
    expect(formatAttemptsBrief(reportedAttempts([declined], { limit: 25, final: false }))).toBe(
      '1/25, 1 failed',
    );
  });

  it('encodes the normalized model with ISO dates for --json', () => {
    const encoded = JSON.parse(JSON.stringify(encodeLink(link))) as Record<string, unknown>;
    expect(encoded['createdAt']).toBe('2026-01-15T12:00:00.000Z');
    expect(encoded['amount']).toEqual({ amount: 995, currency: 'EUR' });
    expect(encoded['status']).toEqual({ unified: 'open', raw: 'ACTIVE' });
  });

  it('pads columns but not the last one', () => {
    expect(
      formatColumns([
        ['a', 'bb', 'c'],
        ['ccc', 'd', ''],
      ]),
    ).toBe('a    bb  c\nccc  d');
  });
});

describe('demo timelines', () => {
  const sale = (provider: string, raw: unknown): Sale => ({
    provider,
    link: { ...link, provider, raw },
    status: linkStatus('paid', 'FINISHED'),
    timeline: [{ step: 'create', status: linkStatus('open', 'ACTIVE'), attempts: '0' }],
    webhooks: { received: 1, verified: 1, refused: 0 },
  });

  it('reads the amount as the provider wrote it', () => {
    expect(rawAmount({ ...link, raw: { totalAmount: '9.95' } })).toBe('totalAmount: "9.95"');
    expect(rawAmount({ ...link, raw: { id: 'x', amount_cents: 995 } })).toBe('amount_cents: 995');
    expect(rawAmount({ ...link, raw: { id: 'x', order_amount: 995 } })).toBe('order_amount: 995');
    expect(rawAmount({ ...link, raw: 'nothing' })).toBe('(not in the raw body)');
  });

  it('puts timelines side by side, or one under the other when the terminal is too narrow', () => {
    const sales = [sale('a', { amount: 995 }), sale('b', { totalAmount: '9.95' })];
    const wide = formatTimelines(sales).split('\n');
    expect(wide[0]).toMatch(/^a {2}\(link pl_1\) +\| {3}b {2}\(link pl_1\)$/);
    expect(wide.some((l) => /^create +open +ACTIVE +0 +\| {3}create +open +ACTIVE +0$/.test(l))).toBe(true);
    expect(wide.at(-1)).toMatch(/^=> paid \(FINISHED\) +\| {3}=> paid \(FINISHED\)$/);
    const narrow = formatTimelines(sales, 40).split('\n');
    expect(narrow.filter((l) => l.includes('|'))).toEqual([]);
    expect(narrow.filter((l) => l.startsWith('=> paid'))).toHaveLength(2);
  });
});
