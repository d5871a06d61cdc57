import {
  authenticationError,
  conflictError,
  decodeError,
  errorTags,
  networkError,
  notFoundError,
  permissionError,
  providerError,
  rateLimitError,
  unsupportedError,
  validationError,
  webhookVerificationError,
  type PaymentLinkError,
} from '@paylinks/core';
import { describe, expect, it } from 'vitest';

import { createFieldFlags, describeFailure, flagForField } from './describe-failure.js';
import { exitCodeFor } from './exit-codes.js';

describe('exit codes', () => {
  const errors: ReadonlyArray<[PaymentLinkError, number]> = [
    [validationError({ field: 'amount', message: 'bad' }), 2],
    [unsupportedError({ feature: 'cancel', message: 'no cancel' }), 2],
    [authenticationError({ message: 'x' }), 3],
    [permissionError({ message: 'x' }), 3],
    [notFoundError({ message: 'x' }), 3],
    [conflictError({ message: 'x' }), 3],
    [rateLimitError({ message: 'x' }), 3],
    [providerError({ message: 'x' }), 3],
    [decodeError({ message: 'x', errors: [] }), 3],
    [webhookVerificationError({ message: 'x', reason: 'signature_mismatch' }), 3],
    [networkError({ message: 'x', ambiguous: false }), 4],
  ];

  it('maps every error tag: bad input 2, provider errors 3, network 4', () => {
    expect(errors.map(([e]) => e._tag).sort()).toEqual([...errorTags].sort());
    for (const [error, code] of errors) expect(exitCodeFor(error), error._tag).toBe(code);
  });
});

describe('describeFailure', () => {
  it('names the flag that set a field, exactly or through its parent path', () => {
    expect(flagForField('amount.amount', createFieldFlags)).toBe('--amount');
    expect(flagForField('providerOptions.conomy.checkoutToken', createFieldFlags)).toBe('--checkout-token');
    expect(flagForField('customer.email', createFieldFlags)).toBe('--customer-email');
    expect(flagForField('lineItems.0.name', createFieldFlags)).toBeUndefined();
  });

  it('rewrites a validation message to lead with the flag', () => {
    expect(
      describeFailure(
        validationError({ field: 'amount.amount', message: 'amount.amount must be greater than zero' }),
        createFieldFlags,
      ),
    ).toBe('--amount must be greater than zero (amount.amount)');
    expect(
      describeFailure(
        validationError({
          provider: 'conomy',
          field: 'providerOptions.conomy.checkoutToken',
          message: 'providerOptions.conomy.checkoutToken is required (CheckoutToken)',
        }),
        createFieldFlags,
      ),
    ).toBe('[conomy] --checkout-token is required (CheckoutToken) (providerOptions.conomy.checkoutToken)');
    expect(
      describeFailure(validationError({ field: 'reference', message: 'too long' }), createFieldFlags),
    ).toBe('--reference: too long');
    expect(
      describeFailure(validationError({ field: 'lineItems', message: 'do not add up' }), createFieldFlags),
    ).toBe('invalid lineItems: do not add up');
  });

  it('says an operation is not supported, and hints on rate limits and ambiguous network errors', () => {
    expect(
      describeFailure(
        unsupportedError({
          provider: 'costplus',
          feature: 'list',
          message: 'costplus has no list operation',
        }),
      ),
    ).toBe('[costplus] not supported: costplus has no list operation');
    expect(describeFailure(rateLimitError({ provider: 'x', message: 'slow down', retryAfterMs: 1500 }))).toBe(
      '[x] RateLimitError: slow down; retry in 2 s',
    );
    expect(describeFailure(networkError({ message: 'timeout', ambiguous: true }))).toMatch(
      /NetworkError: timeout; the request may have reached the provider/,
    );
    expect(describeFailure(notFoundError({ provider: 'conomy', message: 'gone', httpStatus: 404 }))).toBe(
      '[conomy] NotFoundError: gone (HTTP 404)',
    );
  });
});
