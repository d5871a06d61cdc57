import { fromProvider, type HttpEvent } from '@paylinks/core';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { conomy } from './conomy-provider.js';
import { startConomySimulator, type ConomySimulator } from './simulator/index.js';

// A token renewal is shared by every call that waits for it; each call waits no longer than its own
// timeout and signal allow (the renewal itself runs to its end for the others).
describe('waiting for a token', () => {
  let sim: ConomySimulator;
  beforeAll(async () => {
    sim = await startConomySimulator();
  });
  afterAll(() => sim.close());

  it('gives up after the call timeout while POST /auth is slow, and a later call gets the token', async () => {
    const client = conomy({ ...sim.adapterSettings(), retry: { maxRetries: 0 } } as never);
    sim.faults.inject({ kind: 'delay', ms: 600 });
    const slow = await client.get('missing-link', { timeoutMs: 100 })();
    expect(E.isLeft(slow) && slow.left).toMatchObject({
      _tag: 'NetworkError',
      code: 'ETIMEDOUT',
      operation: 'auth',
    });
    await new Promise((resolve) => setTimeout(resolve, 700)); // the shared renewal lands meanwhile
    const later = await client.get('missing-link')();
    expect(E.isLeft(later) && later.left._tag).toBe('NotFoundError');
  });

  it('gives up at once when the caller aborts while waiting for a token', async () => {
    const client = conomy({ ...sim.adapterSettings(), retry: { maxRetries: 0 } } as never);
    sim.faults.inject({ kind: 'delay', ms: 600 });
    const controller = new AbortController();
    const pending = client.get('missing-link', { signal: controller.signal })();
    controller.abort();
    const result = await pending;
    expect(E.isLeft(result) && result.left).toMatchObject({ _tag: 'NetworkError', code: 'ABORTED' });
  });
});

describe('token requests in the events of the call that needed them', () => {
  it('shows POST /auth and its retries, then the call itself, with no secret', async () => {
    const sim = await startConomySimulator();
    try {
      const settings = sim.adapterSettings();
      const links = fromProvider(
        conomy({ ...settings, retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 5 } }),
      );
      const events: HttpEvent[] = [];
      for (const kind of ['request', 'response', 'retry', 'error'] as const)
        links.on(kind, (e) => events.push(e));
      sim.faults.inject({ kind: 'status', status: 503 });
      await links.te.get('missing-link')();
      expect(events.map((e) => `${e.kind} ${e.method} ${e.urlTemplate} ${e.operation}`)).toEqual([
        'request POST /sandbox/auth auth',
        'response POST /sandbox/auth auth',
        'retry POST /sandbox/auth auth',
        'request POST /sandbox/auth auth',
        'response POST /sandbox/auth auth',
        'request GET /sandbox/payment-links/{id} get',
        'response GET /sandbox/payment-links/{id} get',
        'error GET /sandbox/payment-links/{id} get',
      ]);
      const text = JSON.stringify(events);
      for (const [key, value] of Object.entries(settings)) {
        if (typeof value === 'string' && /secret|key|token/i.test(key)) expect(text).not.toContain(value);
      }
    } finally {
      await sim.close();
    }
  });
});
