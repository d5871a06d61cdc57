import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { describe, expect, it } from 'vitest';

import {
  checkCreate,
  checkCreateEither,
  checkCreateFor,
  refusedFields,
  validateCreateFor,
} from './check-create.js';
import { unsupportedError } from '../model/errors.js';
import type { Capabilities, PaymentLinkProvider } from '../provider/provider.js';
import { bareCapabilities, expectLeft } from '@paylinks/testing';

const now = new Date('2026-01-15T12:00:00Z');

const base: Capabilities = {
  ...bareCapabilities,
  subscriptions: true,
  lineItems: true,
  metadata: true,
  webhookUrlPerLink: true,
};

const provider = (
  id: string,
  capabilities: Partial<Capabilities>,
  checkCreateInput?: PaymentLinkProvider['checkCreateInput'],
): PaymentLinkProvider => ({
  id,
  capabilities: { ...base, ...capabilities },
  ...(checkCreateInput !== undefined ? { checkCreateInput } : {}),
  create: () => TE.left(unsupportedError({ feature: 'create', message: 'not in this test' })),
  get: () => TE.left(unsupportedError({ feature: 'get', message: 'not in this test' })),
});

const strict = provider('strict', {
  requires: ['description', 'successUrl', 'lineItems.*.id'],
  refuses: ['paymentMethods'],
  webhookUrlPerLink: false,
  fieldNotes: { webhookUrl: 'set it in the dashboard' },
});
const plain = provider('plain', {
  requires: ['lineItems.*.tax.name'],
  refuses: ['lineItems.*.hsaFsaEligible'],
  metadata: false,
  minExpirySeconds: 30,
});
const minimal = { reference: 'inv-1', amount: { amount: 1000, currency: 'EUR' } };

describe('checkCreateEither', () => {
  it('reports every missing and refused field of every provider in one error', () => {
    const error = expectLeft(
      checkCreateEither(
        {
          ...minimal,
          webhookUrl: 'https://shop.example/hooks',
          metadata: { order: '7' },
          lineItems: [
            { name: 'a', quantity: 1, unitAmount: 400, tax: { type: 'fixed', amount: 10 } },
            { name: 'b', quantity: 1, unitAmount: 600, id: 'sku-b', hsaFsaEligible: true },
          ],
        },
        [strict, plain],
        { now },
      ),
    );
    expect(error.issues).toEqual([
      { provider: 'strict', field: 'description', message: 'description is required' },
      { provider: 'strict', field: 'successUrl', message: 'successUrl is required' },
      { provider: 'strict', field: 'lineItems.0.id', message: 'lineItems.0.id is required' },
      {
        provider: 'strict',
        field: 'webhookUrl',
        message: 'webhookUrl is not supported (set it in the dashboard)',
      },
      { provider: 'plain', field: 'lineItems.0.tax.name', message: 'lineItems.0.tax.name is required' },
      {
        provider: 'plain',
        field: 'lineItems.1.hsaFsaEligible',
        message: 'lineItems.1.hsaFsaEligible is not supported',
      },
      { provider: 'plain', field: 'metadata', message: 'metadata is not supported' },
    ]);
    expect(error).toMatchObject({ _tag: 'ValidationError', field: 'description', operation: 'create' });
    expect(error.provider).toBeUndefined();
    expect(error.message).toMatch(/^7 problems: \[strict\] description is required; /);
  });

  it('asks a nested path only where its parent is present, and counts blanks as missing', () => {
    expect(
      E.isRight(
        checkCreateEither({ ...minimal, description: 'x', successUrl: 'https://a.example' }, [strict]),
      ),
    ).toBe(true);
    const error = expectLeft(
      checkCreateFor({ ...minimal, description: '  ', successUrl: 'https://a.example' }, strict),
    );
    expect(error).toMatchObject({
      provider: 'strict',
      field: 'description',
      message: 'description is required',
    });
  });

  it('treats empty lists and objects as not given', () => {
    const input = { ...minimal, metadata: {}, lineItems: [] };
    expect(E.isRight(checkCreateFor(input, plain, { now }))).toBe(true);
  });

  it('lists a problem of the input itself once per provider, and reads it once in the message', () => {
    const error = expectLeft(
      checkCreateEither({ ...minimal, amount: { amount: 0, currency: 'EUR' } }, [plain, minimalProvider()]),
    );
    expect(error.issues?.map((i) => [i.provider, i.field])).toEqual([
      ['plain', 'amount.amount'],
      ['other', 'amount.amount'],
    ]);
    expect(error.message).toBe(
      '[plain, other] amount.amount must be a whole number greater than zero, got 0',
    );
  });

  it('checks the expiry limits against the clock', () => {
    const error = expectLeft(checkCreateFor({ ...minimal, expiresIn: 10 }, plain, { now }));
    expect(error).toMatchObject({
      field: 'expiresIn',
      message: 'expiresIn must be at least 30 seconds away, got 10',
    });
    expect(E.isRight(checkCreateFor({ ...minimal, expiresIn: 30 }, plain, { now }))).toBe(true);
  });

  it("adds the provider's own checks, stamped with its id", () => {
    const picky = provider('picky', {}, (input) =>
      input.description === 'bad' ? [{ field: 'description', message: 'description must not be bad' }] : [],
    );
    const error = expectLeft(checkCreateFor({ ...minimal, description: 'bad' }, picky));
    expect(error.issues).toEqual([
      { provider: 'picky', field: 'description', message: 'description must not be bad' },
    ]);
    expect(error.message).toBe('description must not be bad');
  });

  it('answers the input on success, and core rules alone without providers', () => {
    const input = { ...minimal, description: 'x', successUrl: 'https://a.example' };
    expect(checkCreateEither(input, [strict, plain])).toEqual(E.right(input));
    expect(expectLeft(checkCreateEither({ reference: '' }, []))).toMatchObject({ field: 'reference' });
  });

  it('gives adapters the checked input, with the default expiry resolved', () => {
    const withDefault = provider('d', { defaultExpiry: { days: 15 } });
    const valid = validateCreateFor(withDefault, minimal, now);
    expect(E.isRight(valid) && valid.right.expiry?.expiresAt).toEqual(new Date('2026-01-30T12:00:00Z'));
  });

  it('derives refused fields from the feature flags too', () => {
    expect(refusedFields({ ...base, lineItems: false, webhookUrlPerLink: false, refuses: ['x'] })).toEqual([
      'x',
      'lineItems',
      'webhookUrl',
    ]);
  });
});

describe('checkCreate (the application API)', () => {
  it('answers a plain report, never an fp-ts value', () => {
    const input = { ...minimal, description: 'x', successUrl: 'https://a.example' };
    const passed = checkCreate(input, [strict, plain], { now });
    expect(passed).toEqual({ ok: true, input });
    const failed = checkCreate({ ...minimal, webhookUrl: 'https://shop.example/hooks' }, [strict], { now });
    expect(failed.ok).toBe(false);
    if (failed.ok) return;
    expect(failed.issues).toEqual([
      { provider: 'strict', field: 'description', message: 'description is required' },
      { provider: 'strict', field: 'successUrl', message: 'successUrl is required' },
      {
        provider: 'strict',
        field: 'webhookUrl',
        message: 'webhookUrl is not supported (set it in the dashboard)',
      },
    ]);
    expect(failed.error).toMatchObject({ _tag: 'ValidationError', field: 'description', provider: 'strict' });
    // What an application sees when it logs or serializes the answer: no Left, no Right.
    expect(JSON.stringify(passed)).not.toMatch(/_tag|Left|Right/);
    expect(Object.keys(failed).sort()).toEqual(['error', 'issues', 'ok']);
  });

  it('lists every problem core alone finds, and takes clients as well as providers', () => {
    const failed = checkCreate({ reference: '' }, []);
    expect(failed.ok === false && failed.issues.map((i) => i.field)).toEqual(['reference', 'amount']);
    const client = { id: 'client', capabilities: base, provider: strict, te: {} };
    const viaClient = checkCreate(minimal, [client]);
    expect(viaClient.ok === false && viaClient.issues.map((i) => `${i.provider} ${i.field}`)).toEqual([
      'strict description',
      'strict successUrl',
    ]);
  });
});

function minimalProvider(): PaymentLinkProvider {
  return provider('other', {});
}
