// The routing config as data: RoutingConfig, RouteRule and their conditions, as io-ts codecs.
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

import { decodeInput, isCurrencyCode, validationError, type ValidationError } from '@paylinks/core/adapter';
import { HealthSettings } from './circuit-breaker.js';

/**
 * An object codec that refuses keys it does not name: in a routing file a
 * misspelt condition (`currencey`) must be an error, not a rule that quietly
 * matches everything.
 */
function closedObject<R extends t.Props, O extends t.Props>(name: string, required: R, optional: O) {
  const inner = t.intersection([t.type(required), t.partial(optional)], name);
  const known = [...Object.keys(required), ...Object.keys(optional)];
  return new t.Type<t.TypeOf<typeof inner>, t.OutputOf<typeof inner>, unknown>(
    name,
    inner.is,
    (u, c) => {
      if (typeof u === 'object' && u !== null && !Array.isArray(u)) {
        const extra = Object.keys(u).find((k) => !known.includes(k));
        if (extra !== undefined) {
          const actual = (u as Record<string, unknown>)[extra];
          return t.failure(
            actual,
            [...c, { key: extra, type: t.never, actual }],
            `left out (not a key of ${name}; known: ${known.join(', ')})`,
          );
        }
      }
      // Stand in for the intersection in the context, so error paths skip its branch indexes.
      const last = c[c.length - 1];
      return inner.validate(u, last === undefined ? c : [...c.slice(0, -1), { ...last, type: inner }]);
    },
    inner.encode,
  );
}

function nonEmptyList<C extends t.Mixed>(item: C, name: string) {
  return t.refinement(t.array(item), (a) => a.length > 0, name);
}

// Refinements rather than core's branded codecs: rules are data people also write as TypeScript
// literals, and a branded type would refuse a plain "EUR" or 100.
const CountryCode = t.refinement(t.string, (s) => /^[A-Z]{2}$/.test(s), 'CountryCode');
const CurrencyCode = t.refinement(t.string, (s): boolean => isCurrencyCode(s), 'CurrencyCode');
const NonEmptyString = t.refinement(t.string, (s) => s.trim() !== '', 'NonEmptyString');
const NonNegativeInt = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 0, 'NonNegativeInt');
const PositiveInt = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n > 0, 'PositiveInt');

/** Provider ids, in the order to try them; each at most once. */
export const ProviderOrder = t.refinement(
  nonEmptyList(NonEmptyString, 'ProviderOrder'),
  (ids) => new Set(ids).size === ids.length,
  'a non-empty list of provider ids, each named once',
);
/** Provider ids in the order to try them; see {@link ProviderOrder}. */
export type ProviderOrder = t.TypeOf<typeof ProviderOrder>;

/** An inclusive range of minor units (`{ "min": 100000 }` = 1,000.00 EUR and more when paired with EUR). */
export const AmountRange = t.refinement(
  closedObject('AmountRange', {}, { min: NonNegativeInt, max: PositiveInt }),
  (r) => (r.min !== undefined || r.max !== undefined) && (r.min ?? 0) <= (r.max ?? Number.MAX_SAFE_INTEGER),
  'a range of minor units { min?, max? } with min at most max',
);
/** An inclusive range of minor units; see {@link AmountRange}. */
export type AmountRange = t.TypeOf<typeof AmountRange>;

/** An inclusive range of seconds from now until the link expires. */
export const ExpiryRange = t.refinement(
  closedObject('ExpiryRange', {}, { minSeconds: NonNegativeInt, maxSeconds: PositiveInt }),
  (r) =>
    (r.minSeconds !== undefined || r.maxSeconds !== undefined) &&
    (r.minSeconds ?? 0) <= (r.maxSeconds ?? Number.MAX_SAFE_INTEGER),
  'a range of seconds { minSeconds?, maxSeconds? } with minSeconds at most maxSeconds',
);
/** An inclusive range of seconds until expiry; see {@link ExpiryRange}. */
export type ExpiryRange = t.TypeOf<typeof ExpiryRange>;

/** Features of a create input a rule can ask for (the input uses every one listed). */
export const RouteNeed = t.keyof(
  {
    subscription: null,
    lineItems: null,
    metadata: null,
    customer: null,
    webhookUrl: null,
    expiry: null,
  },
  'RouteNeed',
);
/** A feature of a create input; see {@link RouteNeed}. */
export type RouteNeed = t.TypeOf<typeof RouteNeed>;

/**
 * When a rule applies. Every condition given must hold (and); a list inside
 * a condition is any-of. A rule without conditions matches every input.
 *
 * - `currency`: the amount's currency is one of these.
 * - `amount`: minor units in this inclusive range (needs `currency` in the same rule: minor units mean
 *   nothing without it).
 * - `country`: `customer.address.country` is one of these (an input without one does not match).
 * - `merchant`: the `merchantId` passed with the call is one of these.
 * - `metadata`: each key has this value (`true`: the key is present with any value).
 * - `lineItems.hsaFsaEligible`: `all` (at least one line, every line flagged), `any`, `none`.
 * - `needs`: the input uses every feature listed (a subscription, line items, metadata, a customer, a
 *   per-link webhook URL, an explicit expiry).
 * - `expiresIn`: the explicit expiry lies this many seconds ahead (an input without one does not match).
 *
 * Conditions read only the input's own properties (as JSON gives them): a `metadata` rule on
 * `constructor`, `__proto__` or `toString` matches an input whose metadata has that key, never
 * `Object.prototype`'s member, and an inherited field reads as absent.
 */
export const RouteConditions = closedObject(
  'RouteConditions',
  {},
  {
    currency: nonEmptyList(CurrencyCode, 'a non-empty list of ISO 4217 codes'),
    amount: AmountRange,
    country: nonEmptyList(CountryCode, 'a non-empty list of ISO 3166-1 alpha-2 codes'),
    merchant: nonEmptyList(NonEmptyString, 'a non-empty list of merchant ids'),
    metadata: t.record(t.string, t.union([t.string, t.literal(true)])),
    lineItems: closedObject(
      'LineItemConditions',
      {},
      { hsaFsaEligible: t.keyof({ all: null, any: null, none: null }) },
    ),
    needs: nonEmptyList(RouteNeed, 'a non-empty list of needs'),
    expiresIn: ExpiryRange,
  },
);
/** When a rule applies; see {@link RouteConditions}. */
export type RouteConditions = t.TypeOf<typeof RouteConditions>;

/**
 * One routing rule: a name (shown by `explain`), conditions, and the
 * providers to try, in order.
 *
 * @example
 * { "name": "chilean-pesos", "when": { "currency": ["CLP"] }, "use": ["conomy", "hsa-provider"] }
 */
export const RouteRule = t.refinement(
  closedObject('RouteRule', { name: NonEmptyString, use: ProviderOrder }, { when: RouteConditions }),
  (rule) => rule.when?.amount === undefined || rule.when.currency !== undefined,
  'a rule whose amount range comes with a currency (minor units differ per currency)',
);
/** One routing rule; see {@link RouteRule}. */
export type RouteRule = t.TypeOf<typeof RouteRule>;

/**
 * Routing as data: JSON a platform keeps in its configuration, spread into
 * `createRouter({ providers, ...config })`. The first rule that matches an
 * input gives the providers to try; `fallback` is used when none matches
 * (without it, such an input is a `ValidationError`); `health` tunes the
 * circuit breakers.
 *
 * @example
 * {
 *   "rules": [
 *     { "name": "hsa-baskets", "when": { "lineItems": { "hsaFsaEligible": "any" } }, "use": ["hsa-provider"] },
 *     { "name": "chilean-pesos", "when": { "currency": ["CLP"] }, "use": ["conomy", "hsa-provider"] },
 *     { "name": "euros", "when": { "currency": ["EUR"] }, "use": ["costplus", "hsa-provider"] }
 *   ],
 *   "fallback": ["hsa-provider"],
 *   "health": { "failureRatio": 0.5, "openMs": 30000 }
 * }
 */
export const RoutingConfig = t.refinement(
  closedObject(
    'RoutingConfig',
    { rules: t.array(RouteRule) },
    { fallback: ProviderOrder, health: HealthSettings },
  ),
  (config) => new Set(config.rules.map((r) => r.name)).size === config.rules.length,
  'rules with distinct names',
);
/** Routing as data; see {@link RoutingConfig}. */
export type RoutingConfig = t.TypeOf<typeof RoutingConfig>;

/**
 * Decodes a routing configuration from any value (a parsed JSON file). A
 * bad one is a `ValidationError` naming the path (`rules.1.when.currency.0`)
 * with every problem in `issues`. With `providers`, every id a rule or the
 * fallback names must be one of them.
 */
export function decodeRoutingConfig(
  value: unknown,
  options: { readonly providers?: ReadonlyArray<string> } = {},
): E.Either<ValidationError, RoutingConfig> {
  const decoded = decodeInput(RoutingConfig, value);
  if (E.isLeft(decoded) || options.providers === undefined) return decoded;
  const known = options.providers;
  const issues: Array<{ field: string; message: string }> = [];
  const checkIds = (ids: ReadonlyArray<string>, at: string) =>
    ids.forEach((id, i) => {
      if (!known.includes(id))
        issues.push({
          field: `${at}.${i}`,
          message: `${at}.${i} names "${id}", which is not one of the router's providers (${known.join(', ')})`,
        });
    });
  decoded.right.rules.forEach((rule, i) => checkIds(rule.use, `rules.${i}.use`));
  if (decoded.right.fallback !== undefined) checkIds(decoded.right.fallback, 'fallback');
  const first = issues[0];
  if (first === undefined) return decoded;
  return E.left(
    validationError({
      operation: 'createRouter',
      field: first.field,
      message: first.message,
      ...(issues.length > 1 ? { issues } : {}),
    }),
  );
}
