import type { HttpEvent, PaymentLinks } from '@paylinks/core';

import type { CliOutput } from './cli-io.js';

const ms = (n: number) => `${Math.round(n)} ms`;
const tries = (n: number) =>
  n === 0 ? 'before its first try' : n === 1 ? 'after 1 try' : `after ${n} tries`;

/**
 * One line for an HTTP event of the client, as `--verbose` prints it:
 * `> GET 127.0.0.1:4010/v2/payment-links/{id} (get, try 1)`, then
 * `< 200 GET /v2/payment-links/{id} in 12 ms (request id req_1)`. Events hold
 * no header, body, query or secret, so neither does the line.
 */
export function formatHttpEvent(event: HttpEvent): string {
  const route = `${event.method} ${event.urlTemplate}`;
  switch (event.kind) {
    case 'request': {
      const key = event.idempotencyKey !== undefined ? `, idempotency key ${event.idempotencyKey}` : '';
      return `> ${event.method} ${event.serverAddress}:${event.serverPort}${event.urlTemplate} (${event.operation}, try ${event.attempt}${key})`;
    }
    case 'response':
      return `< ${event.status} ${route} in ${ms(event.durationMs)}${event.requestId !== undefined ? ` (request id ${event.requestId})` : ''}`;
    case 'retry':
      return `~ ${route} failed (${event.errorType}${event.status !== undefined ? `, HTTP ${event.status}` : ''}): try ${event.attempt + 1} in ${ms(event.delayMs)}`;
    case 'error':
      return `! ${event.operation} failed: ${event.errorType}${event.status !== undefined ? ` (HTTP ${event.status})` : ''} ${tries(event.attempt)}, ${ms(event.durationMs)}`;
  }
}

/** Prints every HTTP event of `links` to `out`, one line each (`--verbose`). */
export function printHttpEvents(links: PaymentLinks, out: CliOutput): void {
  const print = (event: HttpEvent) => out.write(`${formatHttpEvent(event)}\n`);
  links.on('request', print).on('response', print).on('retry', print).on('error', print);
}
