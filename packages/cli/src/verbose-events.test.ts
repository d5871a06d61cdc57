import { envName } from '@paylinks/core';
import { startHsaSimulator, type HsaSimulator } from '@paylinks/hsa-provider/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { cli } from './__tests__/capture-io.js';
import { simulatorCredentials } from './simulators.js';
import { formatHttpEvent } from './verbose-events.js';

const base = {
  provider: 'hsa-provider',
  operation: 'get',
  method: 'GET',
  urlTemplate: '/v2/payment-links/{id}',
  serverAddress: 'api.withgale.com',
  serverPort: 443,
};

describe('formatHttpEvent', () => {
  it('gives each event kind one line', () => {
    expect(formatHttpEvent({ kind: 'request', ...base, attempt: 1 })).toBe(
      '> GET api.withgale.com:443/v2/payment-links/{id} (get, try 1)',
    );
    expect(
      formatHttpEvent({
        kind: 'request',
        ...base,
        method: 'POST',
        operation: 'create',
        attempt: 2,
        idempotencyKey: 'k1',
      }),
    ).toBe('> POST api.withgale.com:443/v2/payment-links/{id} (create, try 2, idempotency key k1)');
    expect(
      formatHttpEvent({
        kind: 'response',
        ...base,
        attempt: 1,
        status: 200,
        durationMs: 12.4,
        requestId: 'req_1',
      }),
    ).toBe('< 200 GET /v2/payment-links/{id} in 12 ms (request id req_1)');
    expect(
      formatHttpEvent({
        kind: 'retry',
        ...base,
        attempt: 1,
        errorType: 'ProviderError',
        status: 503,
        delayMs: 250,
        durationMs: 3,
      }),
    ).toBe('~ GET /v2/payment-links/{id} failed (ProviderError, HTTP 503): try 2 in 250 ms');
    expect(
      formatHttpEvent({ kind: 'error', ...base, attempt: 3, errorType: 'NetworkError', durationMs: 6204 }),
    ).toBe('! get failed: NetworkError after 3 tries, 6204 ms');
    expect(
      formatHttpEvent({ kind: 'error', ...base, attempt: 0, errorType: 'NetworkError', durationMs: 9 }),
    ).toBe('! get failed: NetworkError before its first try, 9 ms');
  });
});

describe('paylinks --verbose', () => {
  const apiKey = 'glm_test_verbose_canary_81f2';
  let sim: HsaSimulator;
  let env: Record<string, string>;
  beforeAll(async () => {
    sim = await startHsaSimulator({ apiKey, rateLimitPerMinute: 10_000 });
    env = { PAYLINKS_PROVIDER: 'hsa-provider' };
    for (const [key, value] of Object.entries(simulatorCredentials(sim))) {
      env[`PAYLINKS_${envName('hsa-provider')}_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`] =
        String(value);
    }
  });
  afterAll(() => sim.close());

  it('prints each request and response to stderr, and leaves stdout as it was', async () => {
    const created = await cli(
      [
        'create',
        '--amount',
        '9.95',
        '--currency',
        'USD',
        '--reference',
        'inv-verbose',
        '--description',
        'Desk',
        '--success-url',
        'https://shop.example/thanks',
        '--json',
        '--verbose',
      ],
      { env },
    );
    expect(created.code).toBe(0);
    const link = JSON.parse(created.stdout) as { id: string };
    expect(created.stderr).toMatch(
      /^> POST 127\.0\.0\.1:\d+\/v2\/payment-links \(create, try 1, idempotency key [0-9a-f-]{36}\)$/m,
    );
    expect(created.stderr).toMatch(/^< 201 POST \/v2\/payment-links in \d+ ms/m);

    const missing = await cli(['get', 'plink_missing', '--verbose'], { env });
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/^> GET 127\.0\.0\.1:\d+\/v2\/payment-links\/\{id\} \(get, try 1\)$/m);
    expect(missing.stderr).toMatch(/^< 404 GET \/v2\/payment-links\/\{id\} in \d+ ms/m);
    expect(missing.stderr).toMatch(/^! get failed: NotFoundError \(HTTP 404\) after 1 try/m);
    for (const run of [created, missing]) {
      expect(run.stderr).not.toContain(apiKey);
      expect(
        run.stderr
          .split('\n')
          .filter((l) => l.startsWith('>') || l.startsWith('<'))
          .join('\n'),
      ).not.toContain(link.id);
    }
    const quiet = await cli(['get', link.id], { env });
    expect(quiet.stderr).toBe('');
  });
});
