import {
  type PaymentLinkError,
  WebhookDeduplicator,
  type WebhookEvent,
  webhookEventKey,
  type WebhookFailureReason,
  type WebhookRequest,
} from '@paylinks/core';
import * as E from 'fp-ts/lib/Either.js';

import { LeakAudit } from './leak-audit.js';
import { Tally } from './results.js';

/** What a delivery must end in: accepted, dropped as a duplicate, or rejected for a reason. */
export type WebhookExpectation = 'accepted' | 'duplicate' | WebhookFailureReason;

/**
 * Delivers webhooks the way an application's handler would (parse, then
 * de-duplicate on `webhookEventKey`), and tallies each outcome against what
 * the test expected.
 */
export class WebhookLedger {
  readonly outcomes = new Tally();
  readonly rejected = new Tally();
  readonly byScenario = new Tally();
  readonly problems: string[] = [];
  readonly audit = new LeakAudit();
  /** Texts that must never appear in an error (the signature a forged body should have carried). */
  private readonly forbidden: string[] = [];
  dedup = new WebhookDeduplicator();

  constructor(
    readonly provider: string,
    private readonly parse: (request: WebhookRequest) => E.Either<PaymentLinkError, WebhookEvent>,
  ) {}

  /** An expected signature a forger would want: no error may reveal it. */
  forbid(text: string): void {
    this.forbidden.push(text);
  }

  /** Delivers one webhook; answers the event when it was accepted (first time seen). */
  deliver(scenario: string, request: WebhookRequest, expected: WebhookExpectation): WebhookEvent | undefined {
    this.byScenario.add(scenario);
    let result: E.Either<PaymentLinkError, WebhookEvent>;
    try {
      result = this.parse(request);
    } catch (thrown) {
      this.outcomes.add('thrown');
      this.problems.push(`${scenario}: threw ${String(thrown)}`);
      return undefined;
    }
    let got: WebhookExpectation;
    let event: WebhookEvent | undefined;
    if (E.isLeft(result)) {
      const error = result.left;
      this.audit.error(`webhook ${scenario}`, error);
      for (const text of this.forbidden) {
        if (JSON.stringify(error).includes(text))
          this.problems.push(`${scenario}: the error reveals the expected signature`);
      }
      if (error._tag !== 'WebhookVerificationError') {
        this.problems.push(`${scenario}: ${error._tag} instead of a WebhookVerificationError`);
        return undefined;
      }
      got = error.reason;
      this.rejected.add(error.reason);
      this.outcomes.add('rejected');
    } else if (!this.dedup.firstTime(webhookEventKey(result.right))) {
      got = 'duplicate';
      this.outcomes.add('deduplicated');
    } else {
      got = 'accepted';
      event = result.right;
      this.outcomes.add('accepted');
    }
    if (got !== expected) this.problems.push(`${scenario}: expected ${expected}, got ${got}`);
    return event;
  }

  figures(): Record<string, unknown> {
    return {
      tried: this.outcomes.total(),
      accepted: this.outcomes.get('accepted'),
      deduplicated: this.outcomes.get('deduplicated'),
      rejected: this.outcomes.get('rejected'),
      rejectedByReason: this.rejected.toJSON(),
      byScenario: this.byScenario.toJSON(),
      leaks: this.audit.leaks.length,
    };
  }
}

/** A copy of a body with one character changed (at a digit or letter inside the JSON, not its syntax). */
export function tamper(rawBody: string): string {
  const at = rawBody.search(/[0-9a-zA-Z](?=[^"]*"\s*[,}])/);
  const i = at >= 0 ? at : Math.floor(rawBody.length / 2);
  const c = rawBody[i] as string;
  const swapped = /[0-8]/.test(c) ? String(Number(c) + 1) : c === '9' ? '0' : c === 'a' ? 'b' : 'a';
  return `${rawBody.slice(0, i)}${swapped}${rawBody.slice(i + 1)}`;
}

/** A hex string with its last digit changed. */
export function flipHex(hex: string): string {
  const last = hex[hex.length - 1];
  return `${hex.slice(0, -1)}${last === '0' ? '1' : '0'}`;
}

/** Every ordering of a small list (at most 6 items: 720 orderings). */
export function permutations<A>(items: ReadonlyArray<A>): A[][] {
  if (items.length > 6) throw new Error('too many items to permute');
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

/** A body of `bytes` bytes: a JSON object padded with a long string. */
export function oversized(bytes: number, base: Record<string, unknown>): string {
  const text = JSON.stringify({ ...base, padding: '' });
  return JSON.stringify({ ...base, padding: 'x'.repeat(bytes - text.length) });
}
