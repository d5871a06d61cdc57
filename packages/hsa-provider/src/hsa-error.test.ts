import { fixtures } from '@paylinks/testing';
import { describe, expect, it } from 'vitest';

import { inputFieldFor, readHsaError } from './hsa-error.js';

const fixture = fixtures(new URL('./__fixtures__/', import.meta.url));

describe('readHsaError', () => {
  it('reads the current envelope with its first field error', () => {
    expect(readHsaError(fixture.json('error-validation-product.json'))).toEqual({
      code: 'validation_error',
      message:
        'Validation failed: merchant_product_id is required. (merchant_product_id: This field is required)',
      field: 'merchant_product_id',
    });
    expect(readHsaError(fixture.json('error-unauthorized.json'))).toEqual({
      code: 'unauthorized',
      message: 'Invalid or missing API key',
    });
  });

  it('reads the older envelope, taking the name from error_type when error_code is the HTTP status', () => {
    expect(readHsaError(fixture.json('error-legacy.json'))).toEqual({
      code: 'unprocessable_entity',
      message: 'Validation failed: product_internal_id is required.',
      field: 'product_internal_id',
    });
    expect(readHsaError({ success: false, error_code: 'invalid_state', error_message: 'nope' })).toEqual({
      code: 'invalid_state',
      message: 'nope',
    });
  });

  it('answers undefined for bodies in neither envelope', () => {
    for (const body of [null, 'x', 1, [], {}, { error: 'x' }, { success: true }, { message: 'x' }]) {
      expect(readHsaError(body)).toBeUndefined();
    }
  });
});

describe('inputFieldFor', () => {
  it.each([
    ['amount_cents', 'amount.amount'],
    ['amount', 'amount.amount'],
    ['currency', 'amount.currency'],
    ['success_url', 'successUrl'],
    ['cancel_url', 'cancelUrl'],
    ['expires_at', 'expiresAt'],
    ['customer.email', 'customer.email'],
    ['customer.first_name', 'customer.firstName'],
    ['products', 'lineItems'],
    ['products[2].price_cents', 'lineItems.2.unitAmount'],
    ['products.0.price', 'lineItems.0.unitAmount'],
    ['products[1].merchant_product_id', 'lineItems.1.id'],
    ['subscription.interval_count', 'subscription.intervalCount'],
    ['subscription.trial_period_days', 'subscription.trialPeriodDays'],
    ['metadata.order_id', 'metadata'],
    ['line_items', 'line_items'],
  ])('%s is %s', (wire, input) => {
    expect(inputFieldFor(wire)).toBe(input);
  });
});

describe('several field errors', () => {
  it('keeps every field the provider names, each mapped back to the caller’s field', () => {
    const details = readHsaError({
      error: {
        code: 'validation_error',
        message: 'Invalid request',
        details: {
          field_errors: {
            amount_cents: 'must be positive',
            success_url: ['is not a URL'],
            'products[1].price_cents': 'must be an integer',
          },
        },
      },
    });
    expect(details?.field).toBe('amount.amount');
    expect(details?.issues).toEqual([
      { field: 'amount.amount', message: 'amount_cents: must be positive' },
      { field: 'successUrl', message: 'success_url: is not a URL' },
      { field: 'lineItems.1.unitAmount', message: 'products[1].price_cents: must be an integer' },
    ]);
  });
});
