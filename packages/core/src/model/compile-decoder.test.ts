import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { describe, expect, it } from 'vitest';

import { DateFromISOString, nullable } from './codecs.js';
import { decodeWith, validateWith } from './compile-decoder.js';
import { CurrencyCode } from './currency.js';
import { CreatePaymentLinkInput, PaymentLink } from './model.js';
import { MinorUnits } from './money.js';

// A wire codec built the way adapters build theirs: required and optional halves, nullable fields,
// dates converted, nested refined intersections, arrays, records and unions.
const Item = t.refinement(
  t.intersection([t.type({ n: t.number }), t.partial({ at: nullable(DateFromISOString) })]),
  (item) => item.n >= 0,
  'Item',
);
const Wire = t.refinement(
  t.intersection([
    t.type({ id: t.string, amount: MinorUnits, currency: CurrencyCode }),
    t.partial({
      created: nullable(DateFromISOString),
      tags: nullable(t.array(t.string)),
      meta: nullable(t.record(t.string, t.unknown)),
      orders: nullable(t.record(t.string, nullable(t.array(t.string)))),
      kind: t.union([t.literal('a'), t.literal('b')]),
      items: t.array(Item),
      state: t.keyof({ open: null, paid: null }),
    }),
  ]),
  (wire) => wire.id !== 'refused-by-refinement',
  'Wire',
);

const mostly = <A>(valid: fc.Arbitrary<A>, invalid: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 9, arbitrary: valid }, invalid);
const timestamp = mostly(
  fc.integer({ min: 0, max: 4_000_000_000_000 }).map((ms) => new Date(ms).toISOString()),
  fc.constantFrom('2026-01-15T12:00:00.123456+01:00', '2026-02-30T00:00:00Z', 'yesterday'),
);
const anyValue = fc.oneof(fc.constant(null), fc.constant(undefined), fc.string(), fc.integer(), fc.boolean());
const maybe = <A>(valid: fc.Arbitrary<A>) => fc.oneof({ weight: 19, arbitrary: valid }, anyValue);

const wireValue = fc.record(
  {
    id: maybe(mostly(fc.constantFrom('l1', 'l2'), fc.constant('refused-by-refinement'))),
    amount: maybe(mostly(fc.nat(), fc.constantFrom(-1, 1.5))),
    currency: maybe(mostly(fc.constantFrom('EUR', 'CLP', 'JPY'), fc.constantFrom('eur', 'XXX'))),
    created: maybe(timestamp),
    tags: maybe(fc.array(maybe(fc.string()), { maxLength: 3 })),
    meta: maybe(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 })),
    orders: maybe(fc.dictionary(fc.string(), maybe(fc.array(fc.string(), { maxLength: 2 })), { maxKeys: 3 })),
    kind: maybe(mostly(fc.constantFrom('a', 'b'), fc.constant('c'))),
    items: maybe(
      fc.array(
        fc.record(
          { n: maybe(mostly(fc.nat(5), fc.constant(-1))), at: maybe(timestamp) },
          { requiredKeys: ['n'] },
        ),
        { maxLength: 3 },
      ),
    ),
    state: maybe(mostly(fc.constantFrom('open', 'paid'), fc.constant('toString'))),
    extra: fc.jsonValue(),
  },
  { requiredKeys: [] },
);

/** decodeWith gives what io-ts gives: the same Either, and the input itself back exactly when io-ts does. */
function expectSameAsIoTs<A, O>(codec: t.Type<A, O, unknown>, value: unknown): void {
  const fast = decodeWith(codec, value);
  const slow = codec.decode(value);
  expect(fast).toEqual(slow);
  if (E.isRight(fast) && E.isRight(slow)) expect(fast.right === value).toBe(slow.right === value);
}

describe('decodeWith', () => {
  it('decodes a wire body exactly as io-ts does, refusals included', () => {
    fc.assert(fc.property(wireValue, (value) => expectSameAsIoTs(Wire, value)));
  });

  it('decodes what is not an object exactly as io-ts does', () => {
    fc.assert(fc.property(fc.anything(), (value) => expectSameAsIoTs(Wire, value)));
  });

  it('decodes core model values exactly as io-ts does', () => {
    const link = {
      provider: 'costplus',
      id: 'l1',
      amount: { amount: 995, currency: 'EUR' },
      status: { unified: 'open', raw: 'new' },
      attempts: { items: [{ id: 'o1', status: { unified: 'failed', raw: 'error' } }], count: 1 },
      redirects: {},
      metadata: { a: 'b' },
      raw: {},
      createdAt: '2026-01-15T12:00:00Z',
      lineItems: [{ name: 'x', quantity: 1, unitAmount: 995, tax: { type: 'fixed', amount: 10 } }],
    };
    expectSameAsIoTs(PaymentLink, link);
    expectSameAsIoTs(PaymentLink, { ...link, createdAt: 'not a date' });
    expectSameAsIoTs(CreatePaymentLinkInput, {
      reference: 'r1',
      amount: { amount: 995, currency: 'EUR' },
      expiresIn: 'P7D',
      metadata: { k: 'v' },
    });
    expectSameAsIoTs(CreatePaymentLinkInput, { reference: '', amount: { amount: -1, currency: 'eur' } });
  });

  it('keeps a decoded field absent when it was absent, and returns the input when nothing changed', () => {
    const body = { id: 'l1', amount: 5, currency: 'EUR', tags: ['a'] };
    const decoded = decodeWith(Wire, body);
    expect(decoded).toEqual(E.right(body));
    expect(E.isRight(decoded) && decoded.right).toBe(body);
    const dated = decodeWith(Wire, { ...body, created: '2026-01-15T12:00:00Z' });
    expect(E.isRight(dated) && dated.right.created).toEqual(new Date('2026-01-15T12:00:00Z'));
  });
});

describe('decodeWith on a partial codec with more fields than the body', () => {
  // A field whose codec turns an absent value into one: it must be decoded even when the body lacks it.
  const WithDefault = new t.Type<string, string, unknown>(
    'WithDefault',
    (u): u is string => typeof u === 'string',
    (u, c) =>
      u === undefined ? t.success('default') : typeof u === 'string' ? t.success(u) : t.failure(u, c),
    (s) => s,
  );
  const Many = t.partial({
    a: t.string,
    b: nullable(t.number),
    c: DateFromISOString,
    d: WithDefault,
    e: t.boolean,
    f: t.string,
    g: t.string,
  });

  it('decodes bodies found by their own property names exactly as io-ts does', () => {
    const names = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'x');
    const body = fc.dictionary(names, fc.oneof(anyValue, timestamp), { maxKeys: 4 });
    fc.assert(fc.property(body, (value) => expectSameAsIoTs(Many, value)));
  });

  it('reads a non-enumerable own field, a field of a class instance and a prototype-less object as io-ts does', () => {
    const hidden = { a: 'x' };
    Object.defineProperty(hidden, 'b', { value: 'not a number', enumerable: false });
    expectSameAsIoTs(Many, hidden);
    class Input {
      a = 'x';
      get b(): unknown {
        return 'not a number';
      }
    }
    expectSameAsIoTs(Many, new Input());
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, {
      a: 'x',
      c: '2026-01-15T12:00:00Z',
    });
    expectSameAsIoTs(Many, bare);
    expectSameAsIoTs(Many, { d: undefined, e: true });
  });
});

describe('validateWith', () => {
  it("reports a refusal with the caller's context, as validate does", () => {
    const context: t.Context = [{ key: 'body', type: Wire, actual: {} }];
    expect(validateWith(Wire, {}, context)).toEqual(Wire.validate({}, context));
    expect(validateWith(Wire, { id: 'l1', amount: 1, currency: 'EUR' }, context)).toEqual(
      Wire.validate({ id: 'l1', amount: 1, currency: 'EUR' }, context),
    );
  });
});
