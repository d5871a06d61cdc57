import { inspect } from 'node:util';

import { isPaymentLinkError, type PaymentLinkError, PaymentLinkException } from '@paylinks/core';
import { secretForms } from '@paylinks/core/adapter';

import { secretValues } from './canaries.js';

/** Every rendering of a thrown or returned error a log line or an API answer could carry. */
export function renderings(value: unknown): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const add = (label: string, render: () => string | undefined) => {
    try {
      const text = render();
      if (text !== undefined) out.push([label, text]);
    } catch (e) {
      out.push([label, `<render failed: ${String(e)}>`]);
    }
  };
  add('JSON.stringify', () => JSON.stringify(value));
  add('util.inspect', () => inspect(value, { depth: Infinity, showHidden: true }));
  add('String', () => String(value));
  if (value instanceof Error) {
    add('message', () => value.message);
    add('stack', () => value.stack);
  }
  if (isPaymentLinkError(value)) {
    const exception = new PaymentLinkException(value as PaymentLinkError);
    add('exception.message', () => exception.message);
    add('exception.stack', () => exception.stack);
    add('exception JSON', () => JSON.stringify(exception));
    add('exception inspect', () => inspect(exception, { depth: Infinity }));
    add('exception String', () => String(exception));
  }
  return out;
}

/** Scans texts for the suite's canary secrets (and any extra secret, such as a simulator's issued token). */
export class LeakAudit {
  checked = 0;
  readonly leaks: string[] = [];
  private readonly extra = new Set<string>();

  /** Adds secrets only known at run time (bearer tokens a simulator issued). */
  addSecret(secret: string): void {
    if (secret.length >= 4) this.extra.add(secret);
  }

  private secrets(): string[] {
    return [...secretValues(), ...this.extra];
  }

  /** Checks a text (CLI output, a log line). */
  text(label: string, text: string): void {
    this.checked += 1;
    for (const secret of this.secrets()) {
      for (const form of secretForms(secret)) {
        if (text.includes(form)) this.leaks.push(`${label}: contains a secret (${secret.slice(0, 12)}...)`);
      }
    }
  }

  /** Checks every rendering of an error value or exception. */
  error(label: string, value: unknown): void {
    for (const [how, text] of renderings(value)) this.text(`${label} [${how}]`, text);
  }
}
