import { describe, expect, expectTypeOf, it } from 'vitest';

import type { CreatePaymentLinkInput } from './model.js';
import { checkPortableCreateInput, type PortableCreateInput } from './portable-input.js';

const now = new Date('2026-01-15T12:00:00Z');
const input: PortableCreateInput = {
  reference: 'inv-1',
  amount: { amount: 995, currency: 'EUR' },
  description: 'Invoice 1',
  successUrl: 'https://shop.example/thanks',
};

describe('PortableCreateInput', () => {
  it('is a CreatePaymentLinkInput', () => {
    expectTypeOf<PortableCreateInput>().toExtend<CreatePaymentLinkInput>();
    // @ts-expect-error a webhook URL is not portable (Conomy and HSA take one per account)
    const withHook: PortableCreateInput = { ...input, webhookUrl: 'https://shop.example/hooks' };
    expect(withHook.reference).toBe('inv-1');
  });

  it('accepts a portable input and its optional fields', () => {
    const full = {
      ...input,
      failureUrl: 'https://shop.example/retry',
      expiresIn: 'P7D',
      customer: { email: 'ana@example.com', firstName: 'Ana', lastName: 'Soto' },
    };
    expect(checkPortableCreateInput(full, now)).toEqual({ ok: true, input: full });
  });

  it.each([
    [{ ...input, webhookUrl: 'https://shop.example/hooks' }, 'webhookUrl'],
    [{ ...input, customer: { phone: '+56 9 1234 5678' } }, 'customer.phone'],
    [{ ...input, description: ' ' }, 'description'],
    [{ reference: 'r', amount: input.amount, description: 'd' }, 'successUrl'],
    [{ ...input, expiresIn: 29 }, 'expiresIn'],
    [{ ...input, expiresAt: '2026-01-15T12:00:10Z' }, 'expiresAt'],
    [{ ...input, expiresIn: 'P10000Y' }, 'expiresIn'],
  ])('refuses %j, naming %s', (bad, field) => {
    const result = checkPortableCreateInput(bad, now);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map((i) => i.field)).toEqual([field]);
    expect(!result.ok && result.error.field).toBe(field);
  });
});
