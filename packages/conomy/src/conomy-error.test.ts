import { describe, expect, it } from 'vitest';
import { fixtures } from '@paylinks/testing';

import { readConomyError } from './conomy-error.js';

const fixture = fixtures(new URL('./__fixtures__/', import.meta.url));
const errorBody = fixture.json('error-invalid-param.json');

describe('readConomyError', () => {
  it('reads the documented body', () => {
    expect(readConomyError(errorBody)).toEqual({
      code: '11',
      message: 'accountNumber is required',
      requestId: '5f8f2a8e-4b7c-4a1e-8d3f-1234567890ab',
    });
  });

  it.each([
    [{ code: 21, detail: 'x' }, '21'],
    [{ code: 1, detail: 'x' }, '01'],
    [{ code: '011', detail: 'x' }, '11'],
    [{ type: 'failedPrecondition' }, '21'],
    [{ type: 'tooManyRequests', detail: 'slow' }, '32'],
  ])('normalizes %j to code %s', (body, code) => {
    expect(readConomyError(body)?.code).toBe(code);
  });

  it('uses the type as the message when there is no detail', () => {
    expect(readConomyError({ code: '31', type: 'notFound' })).toEqual({ code: '31', message: 'notFound' });
  });

  it.each([null, 'oops', [], {}, { message: 'not conomy' }, { code: { nested: true } }])(
    'reads %j as no Conomy error',
    (body) => {
      expect(readConomyError(body)).toBeUndefined();
    },
  );
});
