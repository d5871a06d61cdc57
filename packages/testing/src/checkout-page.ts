// A simulator's hosted checkout page: rendering it and submitting it like a payer.
import { request } from 'node:http';

import type { SimResponse } from './sim-messages.js';

/** What a simulator's hosted checkout page shows. */
export interface CheckoutView {
  /** Provider name shown in the header. */
  readonly provider: string;
  readonly title: string;
  /** Amount as the payer reads it (`9.95`). */
  readonly amount: string;
  readonly currency: string;
  readonly description?: string;
  /** The link's status, in the provider's words. */
  readonly status: string;
  /** Whether the payer can make an attempt now. */
  readonly payable: boolean;
  /** Attempts the payer has left, where limited. */
  readonly attemptsLeft?: number;
  /** A line under the amount (the last attempt's outcome, why it cannot be paid). */
  readonly message?: string;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Renders a hosted checkout page. When payable it holds one form that POSTs
 * back to the page URL with `outcome=failure` (button `data-testid="fail"`)
 * or `outcome=success` (button `data-testid="pay"`).
 */
export function renderCheckoutPage(view: CheckoutView): string {
  const rows = [
    `<p class="amount" data-testid="amount">${escape(view.amount)} <span data-testid="currency">${escape(view.currency)}</span></p>`,
    view.description !== undefined ? `<p data-testid="description">${escape(view.description)}</p>` : '',
    `<p>Status: <strong data-testid="status">${escape(view.status)}</strong></p>`,
    view.attemptsLeft !== undefined
      ? `<p>Attempts left: <span data-testid="attempts-left">${view.attemptsLeft}</span></p>`
      : '',
    view.message !== undefined ? `<p data-testid="message">${escape(view.message)}</p>` : '',
    view.payable
      ? `<form method="post"><button type="submit" name="outcome" value="failure" data-testid="fail">Decline payment</button> <button type="submit" name="outcome" value="success" data-testid="pay">Pay ${escape(view.amount)} ${escape(view.currency)}</button></form>`
      : '<p data-testid="closed">This payment link cannot be paid.</p>',
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(view.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto}.amount{font-size:2rem}button{font-size:1rem;padding:.5rem 1rem}</style>
</head><body><h1>${escape(view.provider)} checkout (simulator)</h1>
${rows.filter((r) => r !== '').join('\n')}
</body></html>`;
}

/**
 * A URL as a `Location` header can carry it: the WHATWG serialization
 * (tabs and line breaks dropped, non-ASCII percent-encoded, an IDN host in
 * punycode), which is also where a browser would go. A URL that does not
 * parse has every byte outside printable ASCII percent-encoded instead.
 */
export function locationHeaderValue(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url.replace(/[^\x21-\x7e]/gu, (c) => {
      try {
        return encodeURIComponent(c);
      } catch {
        return '%EF%BF%BD'; // a lone surrogate: U+FFFD, as a browser would send it
      }
    });
  }
}

/**
 * The hosted page's answer after an attempt: `303 See Other` to `url`. A
 * merchant's redirect URL may hold characters a header cannot (`\n`, `€`):
 * they are encoded, never a reason for the page to fail.
 */
export function checkoutRedirect(url: string): SimResponse {
  return { status: 303, headers: { location: locationHeaderValue(url) } };
}

/**
 * Submits a hosted checkout page's form, as a browser would, without
 * following the redirect: answers the status and `Location`.
 */
export function submitCheckout(
  pageUrl: string,
  outcome: 'success' | 'failure',
): Promise<{ status: number; location?: string }> {
  const body = `outcome=${outcome}`;
  return new Promise((resolve, reject) => {
    const req = request(
      pageUrl,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            ...(res.headers.location !== undefined ? { location: res.headers.location } : {}),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
