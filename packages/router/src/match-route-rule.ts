// selectRouteRule: the rule of a routing config an input matches, and why the others did not.
import * as E from 'fp-ts/lib/Either.js';

import { resolveExpiry, type ExpiryInput } from '@paylinks/core/adapter';
import type { RouteConditions, RouteNeed, RouteRule, RoutingConfig } from './routing-rules.js';

/** What a rule can look at besides the input. */
export interface RouteContext {
  /** The merchant the link is for, as the platform knows it (rules' `merchant` condition). */
  readonly merchantId?: string;
  /** The instant expiry conditions are measured from. */
  readonly now: Date;
}

/** How one rule fared against an input, for `explain`. */
export interface RuleVerdict {
  readonly rule: string;
  readonly matched: boolean;
  /** Each condition that did not hold, in words; empty when the rule matched. */
  readonly unmet: ReadonlyArray<string>;
}

/** The rule that applies to an input, and the verdict on each rule looked at before it. */
export interface RuleSelection {
  /** The first matching rule; `undefined` when none matched. */
  readonly rule?: RouteRule;
  /** Providers to try, in order: the rule's `use`, else the fallback, else none. */
  readonly order: ReadonlyArray<string>;
  /** Every rule up to and including the matching one (or all of them). */
  readonly verdicts: ReadonlyArray<RuleVerdict>;
}

type Fields = Readonly<Record<string, unknown>>;

// Inputs come from JavaScript callers and JSON too: every read is defensive, and a
// field of the wrong type reads as absent (the providers' checks name it).
const fields = (value: unknown): Fields | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : undefined;

/**
 * The own property `key` of `value`, or `undefined`: a rule on `constructor`,
 * `__proto__` or `toString` must never see `Object.prototype`'s members in an
 * input that has no such key.
 */
const at = (value: unknown, key: string): unknown => {
  const object = fields(value);
  return object !== undefined && Object.hasOwn(object, key) ? object[key] : undefined;
};

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

const lineItemsOf = (input: Fields | undefined): ReadonlyArray<Fields> => {
  const items = at(input, 'lineItems');
  return Array.isArray(items) ? items.map((item: unknown) => fields(item) ?? {}) : [];
};

const hasKeys = (value: unknown): boolean => Object.keys(fields(value) ?? {}).length > 0;

function expirySeconds(input: Fields | undefined, now: Date): number | undefined {
  const expiry: ExpiryInput = {
    expiresIn: at(input, 'expiresIn') as ExpiryInput['expiresIn'],
    expiresAt: at(input, 'expiresAt') as ExpiryInput['expiresAt'],
  };
  if (expiry.expiresIn === undefined && expiry.expiresAt === undefined) return undefined;
  const resolved = resolveExpiry(expiry, now);
  return E.isRight(resolved) ? resolved.right?.seconds : undefined;
}

const uses: Readonly<Record<RouteNeed, (input: Fields | undefined) => boolean>> = {
  subscription: (input) => at(input, 'subscription') !== undefined,
  lineItems: (input) => lineItemsOf(input).length > 0,
  metadata: (input) => hasKeys(at(input, 'metadata')),
  customer: (input) => at(input, 'customer') !== undefined,
  webhookUrl: (input) => at(input, 'webhookUrl') !== undefined,
  expiry: (input) => at(input, 'expiresIn') !== undefined || at(input, 'expiresAt') !== undefined,
};

/** Each condition of `when` that does not hold for `input`, in words; empty when the rule applies. */
export function unmetConditions(
  when: RouteConditions | undefined,
  input: unknown,
  context: RouteContext,
): string[] {
  if (when === undefined) return [];
  const unmet: string[] = [];
  const given = fields(input);
  const amount = at(given, 'amount');
  const currency = text(at(amount, 'currency'));
  if (when.currency !== undefined && (currency === undefined || !when.currency.includes(currency))) {
    unmet.push(`currency ${currency ?? '(none)'} is not one of ${when.currency.join(', ')}`);
  }
  if (when.amount !== undefined) {
    const value = at(amount, 'amount');
    const units = typeof value === 'number' ? value : undefined;
    const { min, max } = when.amount;
    if (units === undefined) unmet.push('no amount to compare with the amount range');
    else if (min !== undefined && units < min) unmet.push(`amount ${units} is below ${min}`);
    else if (max !== undefined && units > max) unmet.push(`amount ${units} is above ${max}`);
  }
  if (when.country !== undefined) {
    const country = text(at(at(at(given, 'customer'), 'address'), 'country'));
    if (country === undefined) unmet.push('no customer.address.country');
    else if (!when.country.includes(country))
      unmet.push(`country ${country} is not one of ${when.country.join(', ')}`);
  }
  if (when.merchant !== undefined) {
    const merchant = context.merchantId;
    if (merchant === undefined) unmet.push('no merchantId given');
    else if (!when.merchant.includes(merchant))
      unmet.push(`merchant ${merchant} is not one of ${when.merchant.join(', ')}`);
  }
  if (when.metadata !== undefined) {
    const metadata = at(given, 'metadata');
    for (const [key, wanted] of Object.entries(when.metadata)) {
      const value = at(metadata, key);
      if (wanted === true ? value === undefined : value !== wanted)
        unmet.push(
          wanted === true ? `no metadata.${key}` : `metadata.${key} is not ${JSON.stringify(wanted)}`,
        );
    }
  }
  if (when.lineItems?.hsaFsaEligible !== undefined) {
    const items = lineItemsOf(given);
    const flagged = items.filter((item) => at(item, 'hsaFsaEligible') === true).length;
    const wanted = when.lineItems.hsaFsaEligible;
    const holds =
      wanted === 'all'
        ? items.length > 0 && flagged === items.length
        : wanted === 'any'
          ? flagged > 0
          : flagged === 0;
    if (!holds)
      unmet.push(`${flagged} of ${items.length} line items are HSA/FSA-eligible (rule wants ${wanted})`);
  }
  for (const need of when.needs ?? []) {
    if (!uses[need](given)) unmet.push(`the input has no ${need}`);
  }
  if (when.expiresIn !== undefined) {
    const seconds = expirySeconds(given, context.now);
    const { minSeconds, maxSeconds } = when.expiresIn;
    if (seconds === undefined) unmet.push('no valid expiresIn or expiresAt');
    else if (minSeconds !== undefined && seconds < minSeconds)
      unmet.push(`expiry in ${seconds} s is sooner than ${minSeconds} s`);
    else if (maxSeconds !== undefined && seconds > maxSeconds)
      unmet.push(`expiry in ${seconds} s is later than ${maxSeconds} s`);
  }
  return unmet;
}

/**
 * Finds the first rule whose conditions hold for `input`. Its `use` list is
 * the order to try; without a match, the fallback's.
 */
export function selectRouteRule(
  rules: Pick<RoutingConfig, 'rules' | 'fallback'>,
  input: unknown,
  context: RouteContext,
): RuleSelection {
  const verdicts: RuleVerdict[] = [];
  for (const rule of rules.rules) {
    const unmet = unmetConditions(rule.when, input, context);
    verdicts.push({ rule: rule.name, matched: unmet.length === 0, unmet });
    if (unmet.length === 0) return { rule, order: rule.use, verdicts };
  }
  return { order: rules.fallback ?? [], verdicts };
}
