import type * as t from 'io-ts';
import { describe, expect, expectTypeOf, it } from 'vitest';

import {
  type Address,
  type Attempt,
  type Attempts,
  CreatePaymentLinkInput,
  type Customer,
  type LineItem,
  type LineItemTax,
  PaymentLink,
  type Redirects,
  type ReportedAttempts,
  type Subscription,
  type UnreportedAttempts,
  type LineItemInput,
  type SubscriptionInput,
} from './model.js';
import { type Money } from './money.js';
import { type LinkStatus } from './status.js';

// The model's public types are named interfaces written by hand (an editor shows `PaymentLink`,
// with the TSDoc of each field), and the codec of the same name stays the runtime check. These
// compile-time checks (run by `pnpm typecheck`) keep the two equal in both directions: a field
// added to, dropped from or retyped in one and not the other fails here.

/**
 * A type written out as plain object types, level by level: an interface and the intersection
 * an io-ts codec decodes to become comparable (`toEqualTypeOf` tells `A & B` from an interface
 * with the same members). Optional and readonly marks are kept; brands and dates are leaves.
 */
type Plain<T> = T extends Date | string | number | boolean | bigint | symbol | null | undefined
  ? T
  : T extends Array<infer U>
    ? Array<Plain<U>>
    : T extends object
      ? { [K in keyof T]: Plain<T[K]> }
      : T;

describe('the model interfaces equal what their codecs decode', () => {
  it('for the link and its parts', () => {
    expectTypeOf<Plain<t.TypeOf<typeof PaymentLink>>>().toEqualTypeOf<Plain<PaymentLink>>();
    expectTypeOf<Plain<t.TypeOf<typeof Money>>>().toEqualTypeOf<Plain<Money>>();
    expectTypeOf<Plain<t.TypeOf<typeof LinkStatus>>>().toEqualTypeOf<Plain<LinkStatus>>();
    expectTypeOf<Plain<t.TypeOf<typeof Attempts>>>().toEqualTypeOf<Plain<Attempts>>();
    expectTypeOf<Plain<t.TypeOf<typeof ReportedAttempts>>>().toEqualTypeOf<Plain<ReportedAttempts>>();
    expectTypeOf<Plain<t.TypeOf<typeof UnreportedAttempts>>>().toEqualTypeOf<Plain<UnreportedAttempts>>();
    expectTypeOf<Plain<t.TypeOf<typeof Attempt>>>().toEqualTypeOf<Plain<Attempt>>();
    expectTypeOf<Plain<t.TypeOf<typeof Redirects>>>().toEqualTypeOf<Plain<Redirects>>();
    expectTypeOf<Plain<t.TypeOf<typeof Customer>>>().toEqualTypeOf<Plain<Customer>>();
    expectTypeOf<Plain<t.TypeOf<typeof Address>>>().toEqualTypeOf<Plain<Address>>();
    expectTypeOf<Plain<t.TypeOf<typeof LineItem>>>().toEqualTypeOf<Plain<LineItem>>();
    expectTypeOf<Plain<t.TypeOf<typeof LineItemTax>>>().toEqualTypeOf<Plain<LineItemTax>>();
    expectTypeOf<Plain<t.TypeOf<typeof Subscription>>>().toEqualTypeOf<Plain<Subscription>>();
    expect(PaymentLink.name).toBe('PaymentLink');
  });

  it('for the create input, which users write with plain numbers (the output side of the codec)', () => {
    expectTypeOf<Plain<t.OutputOf<typeof LineItem>>>().toEqualTypeOf<Plain<LineItemInput>>();
    expectTypeOf<Plain<t.OutputOf<typeof Subscription>>>().toEqualTypeOf<Plain<SubscriptionInput>>();
    // expiresAt is the one field written differently: a Date or ISO text (the codec's output is text).
    expectTypeOf<
      Plain<
        Omit<t.OutputOf<typeof CreatePaymentLinkInput>, 'expiresAt'> & { readonly expiresAt?: Date | string }
      >
    >().toEqualTypeOf<Plain<CreatePaymentLinkInput>>();
    expect(CreatePaymentLinkInput.name).toBe('CreatePaymentLinkInput');
  });
});
