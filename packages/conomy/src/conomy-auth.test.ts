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
