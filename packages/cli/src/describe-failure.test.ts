import { errorTags, type PaymentLinkError } from '@paylinks/core';
import {
  authenticationError,
  conflictError,
  decodeError,
  networkError,
  notFoundError,
  permissionError,
  providerError,
  rateLimitError,
  unsupportedError,
  validationError,
  webhookVerificationError,
} from '@paylinks/core/adapter';
import { describe, expect, it } from 'vitest';

import { createFieldFlags, describeFailure, failureJson, flagForField } from './describe-failure.js';
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
          message: 'providerOptions.conomy.checkoutToken must be a string of 1 to 255 characters, got ""',
        }),
        createFieldFlags,
      ),
    ).toBe(
      '[conomy] --checkout-token must be a string of 1 to 255 characters, got "" (providerOptions.conomy.checkoutToken)',
    );
    expect(
      describeFailure(validationError({ field: 'reference', message: 'too long' }), createFieldFlags),
    ).toBe('--reference: too long');
    expect(
      describeFailure(validationError({ field: 'lineItems', message: 'do not add up' }), createFieldFlags),
    ).toBe('invalid lineItems: do not add up');
  });

  const twoProviders = validationError({
    field: 'amount.amount',
    message: '3 problems',
    issues: [
      { provider: 'costplus', field: 'amount.amount', message: 'amount.amount must be positive' },
      { provider: 'conomy', field: 'amount.amount', message: 'amount.amount must be positive' },
      { provider: 'conomy', field: 'webhookUrl', message: 'webhookUrl is not supported' },
    ],
  });

  it('prints one line per distinct problem, with the providers that have it', () => {
    expect(describeFailure(twoProviders, createFieldFlags)).toBe(
      [
        '2 problems:',
        '  [costplus, conomy] --amount must be positive (amount.amount)',
        '  [conomy] --webhook-url is not supported (webhookUrl)',
      ].join('\n'),
    );
  });

  it('gives --json the error value with the flag of each field', () => {
    expect(failureJson(twoProviders, createFieldFlags)).toMatchObject({
      error: {
        _tag: 'ValidationError',
        field: 'amount.amount',
        flag: '--amount',
        issues: [
          { provider: 'costplus', field: 'amount.amount', flag: '--amount' },
          { provider: 'conomy', field: 'amount.amount', flag: '--amount' },
          { provider: 'conomy', field: 'webhookUrl', flag: '--webhook-url' },
        ],
      },
    });
    expect(failureJson(notFoundError({ provider: 'x', message: 'gone' }))).toEqual({
      error: notFoundError({ provider: 'x', message: 'gone' }),
    });
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
