import { fixtures } from '@paylinks/testing';
import { describe, expect, it } from 'vitest';

import { readCostplusError } from './costplus-error.js';

const fixture = fixtures(new URL('./__fixtures__/', import.meta.url));

describe('readCostplusError', () => {
  it('reads the documented body', () => {
    expect(readCostplusError(fixture.json('error-documented'), 400)).toStrictEqual({
      code: 'string',
      message: 'string',
      field: 'string',
    });
  });

  it('prefers property_description, names the path, falls back to value', () => {
    expect(
      readCostplusError(
        {
          error: {
            status: '400',
            type: 'ValidationError',
            value: '-5',
            property_path: 'amount',
            property_description: 'must be positive',
          },
        },
        400,
      ),
    ).toStrictEqual({ code: 'ValidationError', message: 'amount: must be positive', field: 'amount.amount' });
    expect(
      readCostplusError(
        { error: { type: 'ValidationError', property_path: 'return_url', value: 'bad' } },
        400,
      )?.field,
    ).toBe('successUrl');
    expect(
      readCostplusError({ error: { status: 404, type: 'NotFound', value: 'Payment link not found' } }, 404),
    ).toStrictEqual({
      code: 'NotFound',
      message: 'Payment link not found',
    });
  });

  it('reads the werkzeug 401 body', () => {
    const details = readCostplusError(fixture.json('error-unauthorized'), 401);
    expect(details?.code).toBe('werkzeug.exceptions.Unauthorized');
    expect(details?.message).toMatch(/^The server could not verify/);
  });

  it.each([[null], ['text'], [42], [[]], [{}], [{ error: 5 }], [{ error: {} }], [{ message: 'x' }]])(
    'answers undefined for %j',
    (body) => {
      expect(readCostplusError(body, 500)).toBeUndefined();
    },
  );
});
