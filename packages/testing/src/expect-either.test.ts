import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';

import { notFoundError } from '@paylinks/core/adapter';
import { expectLeft, expectRight } from './expect-either.js';
import { fixtures } from './fixtures.js';

const missing = notFoundError({ provider: 'psp', operation: 'get', message: 'get failed: no link l1' });

describe('expectRight and expectLeft', () => {
  it('unwrap an Either, or the Either a task answers', async () => {
    expect(expectRight(E.right(5))).toBe(5);
    expect(await expectRight(async () => E.right('task'))).toBe('task');
    expect(expectLeft(E.left(missing))).toBe(missing);
    expect(await expectLeft(async () => E.left(missing), 'NotFoundError')).toBe(missing);
  });

  it("fail with the other side's tag and message", async () => {
    expect(() => expectRight(E.left(missing))).toThrow(
      'expected a Right, got NotFoundError: get failed: no link l1',
    );
    await expect(expectLeft(async () => E.right({ id: 'l1' }), 'NotFoundError')).rejects.toThrow(
      'expected NotFoundError, got a Right: {"id":"l1"}',
    );
    expect(() => expectLeft(E.left(missing), 'ValidationError')).toThrow(
      'expected ValidationError, got NotFoundError: get failed: no link l1',
    );
  });
});

describe('fixtures', () => {
  it('reads a body as text byte for byte and as JSON, with or without .json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paylinks-fixtures-'));
    writeFileSync(join(dir, 'get-response.seed.json'), '{ "id": "plink_1" }\n');
    const fixture = fixtures(pathToFileURL(dir));
    expect(fixture.text('get-response.seed.json')).toBe('{ "id": "plink_1" }\n');
    expect(fixture.json('get-response.seed')).toEqual({ id: 'plink_1' });
  });
});
