import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { conomyCheckoutToken, referenceFromCheckoutToken } from './conomy-checkout-token.js';

describe('checkoutToken derived from the reference', () => {
  it.each([
    ['inv-1234', 'inv-1234'],
    ['INV/2026 #7', 'b64-SU5WLzIwMjYgIzc'],
    ['b64-looks-encoded', 'b64-YjY0LWxvb2tzLWVuY29kZWQ'],
    ['factura-ñ', 'b64-ZmFjdHVyYS3DsQ'],
  ])('%s -> %s', (reference, token) => {
    expect(conomyCheckoutToken(reference)).toBe(token);
    expect(referenceFromCheckoutToken(token)).toBe(reference);
  });

  it('hashes a reference whose encoded form would pass 255 characters', () => {
    const reference = `${'é'.repeat(200)}`;
    const token = conomyCheckoutToken(reference);
    expect(token).toMatch(/^sha256-[0-9a-f]{64}$/);
    expect(referenceFromCheckoutToken(token)).toBe(token);
  });

  it('is stable, URL-safe, at most 255 characters, and reads back unless hashed (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 255, unit: 'grapheme' }), (reference) => {
        const token = conomyCheckoutToken(reference);
        return (
          token === conomyCheckoutToken(reference) &&
          /^[A-Za-z0-9_-]{1,255}$/.test(token) &&
          (token.startsWith('sha256-') || referenceFromCheckoutToken(token) === reference)
        );
      }),
    );
  });

  it('leaves a token it did not write as it is', () => {
    expect(referenceFromCheckoutToken('b64-!!')).toBe('b64-!!');
    expect(referenceFromCheckoutToken('b64-A')).toBe('b64-A');
  });
});
