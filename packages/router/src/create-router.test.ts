import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it, vi } from 'vitest';

import {
  authenticationError,
  conflictError,
  decodeError,
  networkError,
  permissionError,
  providerError,
  rateLimitError,
  unsupportedError,
  validationError,
  type PaymentLinkError,
} from '@paylinks/core/adapter';
import { ManualClock } from '@paylinks/testing';
import { linksFor, scriptedProvider } from './__tests__/scripted-provider.js';
import { createRouter, createRouterEither } from './create-router.js';
import type { RouteOutcome, RouterEvents, RouterOptions } from './router-types.js';

const eur = (reference: string) => ({ reference, amount: { amount: 995, currency: 'EUR' } });
const clp = (reference: string) => ({ reference, amount: { amount: 49_990, currency: 'CLP' } });

const rules: RouterOptions['rules'] = [
  { name: 'euros', when: { currency: ['EUR'] }, use: ['alpha', 'beta', 'gamma'] },
  { name: 'pesos', when: { currency: ['CLP'] }, use: ['beta', 'gamma'] },
];

function setup(
  options: Partial<RouterOptions> & {
    alpha?: Parameters<typeof scriptedProvider>[1];
    beta?: Parameters<typeof scriptedProvider>[1];
  } = {},
) {
  const clock = new ManualClock(new Date('2026-03-01T12:00:00Z'));
  const alpha = scriptedProvider('alpha', options.alpha);
  const beta = scriptedProvider('beta', options.beta ?? { reconcile: true }, 'beta-secret');
  const gamma = scriptedProvider(
    'gamma',
    { idempotency: true, subscriptions: true, metadata: true, webhookUrlPerLink: false },
    'gamma-secret',
  );
  const sleeps: number[] = [];
  const router = createRouter({
    providers: [alpha, beta, gamma],
    rules,
    fallback: ['gamma'],
    now: clock.fn,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ambiguity: { settleMs: 25 },
    ...options,
  });
  const events: { [K in keyof RouterEvents]: Array<RouterEvents[K]> } = {
    routed: [],
    failover: [],
    ambiguity: [],
    breaker: [],
  };
  for (const name of Object.keys(events) as Array<keyof RouterEvents>)
    router.on(name, (e) => (events[name] as unknown[]).push(e));
  return { router, alpha, beta, gamma, clock, events, sleeps, all: [alpha, beta, gamma] as const };
}

async function createEither(router: ReturnType<typeof setup>['router'], input: unknown) {
  return router.te.create(input as ReturnType<typeof eur>)();
}

describe('routing a create', () => {
  it('creates on the first provider of the matching rule; the link id carries the provider', async () => {
    const { router, alpha, beta, events } = setup();
    const link = await router.create(eur('inv-1'));
    expect(link).toMatchObject({ provider: 'alpha', id: 'alpha:al_1', reference: 'inv-1' });
    expect((await router.create(clp('inv-2'))).id).toBe('beta:be_1');
    expect(alpha.calls).toEqual(['create']);
    expect(events.routed[0]).toEqual({
      reference: 'inv-1',
      rule: 'euros',
      outcome: 'created',
      provider: 'alpha',
      linkId: 'alpha:al_1',
      attempts: [{ provider: 'alpha', result: 'created' }],
    });
    expect(beta.calls).toEqual(['create']);
  });

  it('uses the fallback when no rule matches, and refuses an input no rule or fallback takes', async () => {
    const { router } = setup();
    expect(
      (await router.create({ reference: 'usd-1', amount: { amount: 100, currency: 'USD' } })).provider,
    ).toBe('gamma');
    const bare = setup({ fallback: undefined as never }).router;
    const refused = await createEither(bare, {
      reference: 'usd-2',
      amount: { amount: 100, currency: 'USD' },
    });
    expect(E.isLeft(refused) && refused.left).toMatchObject({
      _tag: 'ValidationError',
      message: expect.stringContaining('no routing rule matches this input and there is no fallback'),
    });
  });

  const certainlyNothing: ReadonlyArray<[string, PaymentLinkError]> = [
    [
      'a refused input',
      validationError({ provider: 'alpha', field: 'description', message: 'description is required' }),
    ],
    ['an unsupported feature', unsupportedError({ provider: 'alpha', feature: 'x', message: 'no x' })],
    ['refused credentials', authenticationError({ provider: 'alpha', message: '401' })],
    ['a permission refusal', permissionError({ provider: 'alpha', message: '403' })],
    ['a 429', rateLimitError({ provider: 'alpha', message: '429', retryAfterMs: 5000 })],
    [
      'a connection refused before sending',
      networkError({ provider: 'alpha', message: 'ECONNREFUSED', ambiguous: false, code: 'ECONNREFUSED' }),
    ],
    [
      'a failed token request',
      providerError({ provider: 'alpha', operation: 'auth', message: '503', httpStatus: 503 }),
    ],
    [
      'an unreadable token answer',
      decodeError({ provider: 'alpha', operation: 'auth', message: 'bad', errors: [] }),
    ],
  ];

  it.each(certainlyNothing)('fails over after %s, and makes exactly one link', async (_, error) => {
    const { router, alpha, all, events } = setup();
    alpha.script.push({ fail: error });
    const link = await router.create(eur('inv-3'));
    expect(link.provider).toBe('beta');
    expect(linksFor('inv-3', ...all)).toBe(1);
    expect(events.failover).toEqual([{ reference: 'inv-3', from: 'alpha', error, why: expect.any(String) }]);
    expect(events.routed[0]?.attempts.map((a) => a.result)).toEqual(['failed-over', 'created']);
  });

  it('adopts the link reconcile finds after an ambiguous create, and tries nobody else', async () => {
    const { router, beta, gamma, all, events, sleeps } = setup();
    beta.script.push({
      fail: networkError({ provider: 'beta', message: 'timeout', ambiguous: true, code: 'ETIMEDOUT' }),
      made: true,
    });
    const link = await router.create(clp('inv-4'));
    expect(link).toMatchObject({ provider: 'beta', id: 'beta:be_1' });
    expect(beta.calls).toEqual(['create', 'reconcile']);
    expect(gamma.calls).toEqual([]);
    expect(linksFor('inv-4', ...all)).toBe(1);
    expect(sleeps).toEqual([25]);
    expect(events.ambiguity).toMatchObject([{ provider: 'beta', resolution: 'found', how: 'reconcile' }]);
  });

  it('fails over when reconcile says the ambiguous create made nothing', async () => {
    const { router, beta, all, events } = setup();
    beta.script.push({
      fail: providerError({ provider: 'beta', message: '502', httpStatus: 502, ambiguous: true }),
    });
    const link = await router.create(clp('inv-5'));
    expect(link.provider).toBe('gamma');
    expect(linksFor('inv-5', ...all)).toBe(1);
    expect(events.ambiguity).toMatchObject([{ resolution: 'absent', how: 'reconcile' }]);
    expect(events.routed[0]?.attempts).toMatchObject([
      { provider: 'beta', result: 'failed-over', settled: 'absent' },
      { provider: 'gamma', result: 'created' },
    ]);
  });

  it('stops and names the provider when an ambiguous create cannot be settled', async () => {
    const { router, alpha, beta, all, events } = setup();
    alpha.script.push({
      fail: networkError({ provider: 'alpha', message: 'reset', ambiguous: true, code: 'ECONNRESET' }),
      made: true,
    });
    const result = await createEither(router, eur('inv-6'));
    expect(E.isLeft(result) && result.left).toMatchObject({
      _tag: 'NetworkError',
      provider: 'alpha',
      ambiguous: true,
      retryable: false,
      message: expect.stringContaining('may have made a link on alpha'),
    });
    expect(beta.calls).toEqual([]);
    expect(linksFor('inv-6', ...all)).toBe(1); // the one alpha may hold, nobody else
    expect(events.routed[0]).toMatchObject({ outcome: 'ambiguous', provider: 'alpha' });
  });

  it('stops when reconcile itself fails', async () => {
    const { router, beta, gamma } = setup();
    beta.script.push({ fail: networkError({ provider: 'beta', message: 'timeout', ambiguous: true }) });
    beta.reconcileScript.push(providerError({ provider: 'beta', message: '503 on list', httpStatus: 503 }));
    const result = await createEither(router, clp('inv-7'));
    expect(E.isLeft(result) && result.left.message).toContain(
      'reconcile failed (ProviderError: 503 on list)',
    );
    expect(gamma.calls).toEqual([]);
  });

  it('replays the idempotency key after an ambiguous create, made or not, and makes one link', async () => {
    for (const made of [true, false]) {
      const { router, gamma, all, events } = setup();
      gamma.script.push({
        fail: providerError({ provider: 'gamma', message: '504', httpStatus: 504, ambiguous: true }),
        made,
      });
      const link = await router.create({ reference: 'usd-3', amount: { amount: 100, currency: 'USD' } });
      expect(link.provider).toBe('gamma');
      expect(linksFor('usd-3', ...all)).toBe(1);
      expect(events.ambiguity).toMatchObject([{ resolution: 'found', how: 'idempotency-key' }]);
    }
  });

  it('gives up replaying after keyedRetries and reports the ambiguity', async () => {
    const { router, gamma, sleeps } = setup({ ambiguity: { settleMs: 5, keyedRetries: 2 } });
    const lost = { fail: networkError({ provider: 'gamma', message: 'timeout', ambiguous: true }) };
    gamma.script.push(lost, lost, lost);
    const result = await createEither(router, {
      reference: 'usd-4',
      amount: { amount: 100, currency: 'USD' },
    });
    expect(E.isLeft(result) && result.left.message).toContain('replay 2 with the idempotency key failed');
    expect(gamma.calls).toEqual(['create', 'create', 'create']);
    expect(sleeps).toEqual([5, 5]);
  });

  it("does not take a keyed provider's 429 at its word: an earlier try of the create may have landed", async () => {
    // gamma takes keys: the boundary may have retried (a timeout, then the 429), so the key is replayed.
    const { router, gamma, all, events } = setup();
    gamma.script.push({
      fail: rateLimitError({ provider: 'gamma', message: '429', httpStatus: 429 }),
      made: true,
    });
    const link = await router.create({ reference: 'usd-5', amount: { amount: 100, currency: 'USD' } });
    expect(link.provider).toBe('gamma');
    expect(gamma.calls).toEqual(['create', 'create']);
    expect(linksFor('usd-5', ...all)).toBe(1);
    expect(events.ambiguity).toMatchObject([
      { provider: 'gamma', resolution: 'found', how: 'idempotency-key' },
    ]);
  });

  it('fails over from a keyed provider when the replayed key is refused as invalid, or nothing was sent', async () => {
    const router = createRouter({
      providers: [scriptedProvider('gamma', { idempotency: true }), scriptedProvider('alpha')],
      rules: [{ name: 'all', use: ['gamma', 'alpha'] }],
      sleep: async () => undefined,
    });
    const [gamma] = router.providers as ReadonlyArray<ReturnType<typeof scriptedProvider>>;
    const refusal = validationError({
      provider: 'gamma',
      field: 'amount',
      message: 'invalid_amount',
      httpStatus: 400,
    });
    gamma?.script.push({ fail: rateLimitError({ provider: 'gamma', message: '429' }) }, { fail: refusal });
    expect((await router.create(eur('k-1'))).provider).toBe('alpha');
    expect(gamma?.calls).toEqual(['create', 'create']);
    gamma?.script.push({
      fail: validationError({ provider: 'gamma', field: 'description', message: 'required' }),
    });
    expect((await router.create(eur('k-2'))).provider).toBe('alpha');
    expect(gamma?.calls).toHaveLength(3); // refused before sending: no replay
  });

  it('stops on a conflict (a link for the reference may exist) and on an unreadable create answer', async () => {
    for (const error of [
      conflictError({ provider: 'alpha', message: '13 alreadyExist', httpStatus: 409 }),
      decodeError({ provider: 'alpha', operation: 'create', message: 'bad body', errors: [] }),
    ]) {
      const { router, alpha, beta } = setup({ alpha: {} });
      alpha.script.push({ fail: error });
      const result = await createEither(router, eur('inv-8'));
      expect(E.isLeft(result) && result.left._tag).toBe(error._tag);
      expect(beta.calls).toEqual([]);
    }
  });

  it('reports every provider when none could create, with the last error', async () => {
    const { router, alpha, beta, gamma } = setup();
    alpha.script.push({ fail: rateLimitError({ provider: 'alpha', message: '429' }) });
    beta.script.push({ fail: authenticationError({ provider: 'beta', message: '401' }) });
    gamma.script.push({ fail: validationError({ provider: 'gamma', field: 'x', message: 'bad x' }) });
    const result = await createEither(router, eur('inv-9'));
    expect(E.isLeft(result) && result.left).toMatchObject({
      _tag: 'ValidationError',
      provider: 'gamma',
      retryable: true,
      message:
        'no provider made a link for reference inv-9, and none holds one: alpha: RateLimitError (429); beta: AuthenticationError (401); gamma: ValidationError (bad x)',
    });
  });
});

describe('eligibility', () => {
  it('skips providers that cannot take the input, and keeps every reason when none can', async () => {
    const { router, alpha } = setup();
    const withMetadata = { ...eur('inv-10'), metadata: { order: '10' } };
    expect((await router.create(withMetadata)).provider).toBe('gamma');
    expect(alpha.calls).toEqual([]);
    const subscription = {
      ...clp('inv-11'),
      subscription: { interval: 'month' },
      webhookUrl: 'https://x.example/h',
    };
    expect(router.explain(subscription)).toMatchObject({
      rule: 'pesos',
      order: [],
      skipped: [
        { provider: 'beta', reason: 'cannot-take-input', issues: [{ field: 'subscription' }] },
        { provider: 'gamma', reason: 'cannot-take-input', issues: [{ field: 'webhookUrl' }] },
        { provider: 'alpha', reason: 'not-in-route', detail: 'rule pesos uses beta, gamma' },
      ],
    });
    const refused = await createEither(router, subscription);
    expect(E.isLeft(refused) && refused.left).toMatchObject({
      _tag: 'ValidationError',
      field: 'subscription',
      issues: [
        {
          provider: 'beta',
          field: 'subscription',
          message: '[beta] subscription is not supported',
        },
        {
          provider: 'gamma',
          field: 'webhookUrl',
          message: '[gamma] webhookUrl is not supported',
        },
      ],
    });
  });

  it('takes a check function, as checkCreate will be', async () => {
    const { router } = setup({
      check: (_input, provider) =>
        provider.id === 'alpha'
          ? E.left(validationError({ field: 'description', message: 'description is required' }))
          : E.right(undefined),
    });
    expect((await router.create(eur('inv-12'))).provider).toBe('beta');
  });
});

describe('explain', () => {
  it('gives the order and why every other provider is left out, and sends nothing', () => {
    const { router, all } = setup();
    expect(router.explain(clp('x'))).toEqual({
      source: 'rule',
      rule: 'pesos',
      order: ['beta', 'gamma'],
      skipped: [{ provider: 'alpha', reason: 'not-in-route', detail: 'rule pesos uses beta, gamma' }],
      rules: [
        { rule: 'euros', matched: false, unmet: ['currency CLP is not one of EUR'] },
        { rule: 'pesos', matched: true, unmet: [] },
      ],
    });
    expect(router.explain({ reference: 'x', amount: { amount: 1, currency: 'USD' } })).toMatchObject({
      source: 'fallback',
      order: ['gamma'],
    });
    expect(all.flatMap((p) => p.calls)).toEqual([]);
  });
});

describe('health', () => {
  it('opens a breaker after failures, routes around it, probes after openMs and closes', async () => {
    const { router, alpha, clock, events } = setup({
      health: { minCalls: 2, failureRatio: 0.5, openMs: 10_000 },
    });
    const down = {
      fail: networkError({ provider: 'alpha', message: 'refused', ambiguous: false, code: 'ECONNREFUSED' }),
    };
    alpha.script.push(down, down);
    await router.create(eur('h-1'));
    await router.create(eur('h-2'));
    expect(router.health()['alpha']).toMatchObject({
      state: 'open',
      retryAt: new Date('2026-03-01T12:00:10Z'),
    });
    expect(router.explain(eur('h-3')).skipped[0]).toMatchObject({
      provider: 'alpha',
      reason: 'breaker-open',
    });
    const skipped = await router.create(eur('h-3'));
    expect(skipped.provider).toBe('beta');
    expect(alpha.calls).toHaveLength(2);
    expect(events.routed.at(-1)?.attempts).toEqual([
      { provider: 'alpha', result: 'skipped-by-breaker' },
      { provider: 'beta', result: 'created' },
    ]);
    clock.advance(10_000);
    expect((await router.create(eur('h-4'))).provider).toBe('alpha'); // the probe
    expect(router.health()['alpha']?.state).toBe('closed');
    expect(events.breaker.map((t) => `${t.provider} ${t.from}->${t.to}`)).toEqual([
      'alpha closed->open',
      'alpha open->half-open',
      'alpha half-open->closed',
    ]);
  });

  it('counts a lost create answer as a failure even when reconcile found the link; can be turned off', async () => {
    const off = setup({ health: false });
    expect(off.router.health()).toEqual({});
    const { router, beta } = setup({ health: { minCalls: 1 } });
    beta.script.push({
      fail: networkError({ provider: 'beta', message: 'timeout', ambiguous: true }),
      made: true,
    });
    await router.create(clp('h-5'));
    expect(router.health()['beta']).toMatchObject({ state: 'open' });
  });

  it('reports every provider resting as a retryable error', async () => {
    const { router, beta, gamma } = setup({ health: { minCalls: 1 } });
    const down = (p: string) => ({
      fail: providerError({ provider: p, operation: 'auth', message: '503', httpStatus: 503 }),
    });
    beta.script.push(down('beta'));
    gamma.script.push(down('gamma'));
    await createEither(router, clp('h-6'));
    const result = await createEither(router, clp('h-7'));
    expect(E.isLeft(result) && result.left).toMatchObject({
      _tag: 'ProviderError',
      retryable: true,
      message: expect.stringContaining('beta: breaker open until 2026-03-01T12:00:30.000Z'),
    });
  });
});

describe('links go back to the provider that holds them', () => {
  it('gets and cancels by router id, and takes bare ids through ownerOf', async () => {
    const { router, alpha, beta } = setup({ ownerOf: (id) => (id.startsWith('be_') ? 'beta' : undefined) });
    const a = await router.create(eur('o-1'));
    const b = await router.create(clp('o-2'));
    expect((await router.get(a.id)).id).toBe('alpha:al_1');
    expect((await router.cancel(b.id)).status.unified).toBe('cancelled');
    expect((await router.get('be_1')).id).toBe('beta:be_1');
    expect(alpha.calls).toEqual(['create', 'get:al_1']);
    expect(beta.calls).toEqual(['create', 'cancel:be_1', 'get:be_1']);
    const bad = await router.te.get('zz_1')();
    expect(E.isLeft(bad) && bad.left).toMatchObject({ _tag: 'ValidationError', field: 'id' });
    const missing = await router.te.activate(a.id)();
    expect(E.isLeft(missing) && missing.left).toMatchObject({ _tag: 'UnsupportedError', provider: 'alpha' });
  });

  it('lists every listing provider in turn, with router cursors and ids', async () => {
    const { router } = setup();
    for (const r of ['l-1', 'l-2', 'l-3']) await router.create(eur(r));
    await router.create(clp('l-4'));
    const ids: string[] = [];
    for await (const link of router.list()) ids.push(link.id);
    expect(ids).toEqual(['alpha:al_1', 'alpha:al_2', 'alpha:al_3', 'beta:be_1']);
    const first = await router.te.listPage({ limit: 2 })();
    expect(E.isRight(first) && first.right.nextCursor).toBe('alpha:2');
  });

  it('reconciles a reference across the providers that can', async () => {
    const { router } = setup();
    await router.create(clp('rc-1'));
    expect((await router.reconcile('rc-1'))?.id).toBe('beta:be_1');
    expect(await router.reconcile('rc-2')).toBeUndefined();
  });
});

describe('webhooks', () => {
  const body = (linkId: string, secret?: string) =>
    JSON.stringify({ linkId, ...(secret !== undefined ? { secret } : {}) });

  it('finds the provider by the URL path, the query, or the Paylinks-Provider header', () => {
    const { router } = setup();
    expect(router.parseWebhook({ headers: {}, rawBody: body('al_1'), url: '/webhooks/alpha' })).toMatchObject(
      {
        provider: 'alpha',
        linkId: 'alpha:al_1',
        verified: false,
      },
    );
    expect(
      router.parseWebhook({ headers: {}, rawBody: body('be_1', 'beta-secret'), url: '/hooks?provider=beta' })
        .provider,
    ).toBe('beta');
    expect(
      router.parseWebhook({
        headers: { 'Paylinks-Provider': 'gamma' },
        rawBody: body('ga_1', 'gamma-secret'),
      }).provider,
    ).toBe('gamma');
    const named = router.te.parseWebhook({
      headers: {},
      rawBody: body('be_1', 'wrong'),
      url: '/webhooks/beta',
    });
    expect(E.isLeft(named) && named.left).toMatchObject({ provider: 'beta', reason: 'signature_mismatch' });
  });

  it('tries every provider when none is named: a verified signature wins over an unsigned parse', () => {
    const { router } = setup();
    expect(router.parseWebhook({ headers: {}, rawBody: body('ga_1', 'gamma-secret') })).toMatchObject({
      provider: 'gamma',
      verified: true,
    });
    const unsigned = router.parseWebhook({ headers: {}, rawBody: body('al_1') });
    expect(unsigned.provider).toBe('alpha');
    const nobody = router.te.parseWebhook({ headers: {}, rawBody: 'nope' });
    expect(E.isLeft(nobody) && nobody.left.message).toContain('no provider accepted this webhook');
  });

  it('refuses a webhook two unsigned providers would both take', () => {
    const router = createRouter({
      providers: [scriptedProvider('alpha'), scriptedProvider('delta')],
      rules: [{ name: 'all', use: ['alpha', 'delta'] }],
    });
    const result = router.te.parseWebhook({ headers: {}, rawBody: body('x') });
    expect(E.isLeft(result) && result.left.message).toContain('parses as alpha and delta');
  });

  it('resolves a webhook with the provider that sent it', async () => {
    const { router, beta } = setup();
    const link = await router.create(clp('w-1'));
    const resolved = await router.resolveWebhook({
      headers: {},
      rawBody: body('be_1', 'beta-secret'),
      url: '/webhooks/beta',
    });
    expect(resolved.link.id).toBe(link.id);
    expect(beta.calls).toEqual(['create', 'get:be_1']);
  });
});

describe('configuration', () => {
  it.each([
    [{ providers: [] }, 'providers'],
    [{ providers: [scriptedProvider('a'), scriptedProvider('a')] }, 'providers.1'],
    [{ providers: [scriptedProvider('a:b')] }, 'providers.0'],
    [{ providers: [scriptedProvider('a')], rules: [{ name: 'r', use: ['b'] }] }, 'rules.0.use.0'],
    [{ providers: [scriptedProvider('a')], fallback: ['b'] }, 'fallback.0'],
    [{ providers: [scriptedProvider('a')], health: { failureRatio: 0 } }, 'health.failureRatio'],
  ])('refuses a bad configuration naming the field (%#)', (options, field) => {
    const result = createRouterEither({ rules: [], ...options } as RouterOptions);
    expect(E.isLeft(result) && result.left).toMatchObject({ _tag: 'ValidationError', field });
  });

  it('refuses a merchantId that is not a string, before anything is sent', async () => {
    const { router, all } = setup();
    const result = await router.te.create(eur('c-0'), { merchantId: 42 as unknown as string })();
    expect(E.isLeft(result) && result.left).toMatchObject({
      _tag: 'ValidationError',
      field: 'options.merchantId',
    });
    expect(all.flatMap((p) => p.calls)).toEqual([]);
  });

  it('keeps a throwing listener from changing an outcome', async () => {
    const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const { router } = setup();
    router.on('routed', () => {
      throw new Error('listener bug');
    });
    const seen: RouteOutcome[] = [];
    const stop = router.on('routed', (e) => seen.push(e));
    await router.create(eur('c-1'));
    stop();
    await router.create(eur('c-2'));
    expect(seen).toHaveLength(1);
    expect(warning).toHaveBeenCalledTimes(2);
    warning.mockRestore();
  });

  it('reports an async listener that rejects as a warning, never an unhandled rejection (issue 20, finding 6)', async () => {
    const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const unhandled: unknown[] = [];
    const onRejection = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      const { router } = setup();
      for (const name of ['routed', 'failover', 'ambiguity', 'breaker'] as const)
        router.on(name, async () => {
          await Promise.resolve();
          throw new Error(`async ${name} listener bug`);
        });
      await expect(router.create(eur('c-async'))).resolves.toMatchObject({ provider: 'alpha' });
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
      expect(warning).toHaveBeenCalledWith(expect.stringContaining('async routed listener bug'), {
        code: 'PAYLINKS_LISTENER',
      });
    } finally {
      process.off('unhandledRejection', onRejection);
      warning.mockRestore();
    }
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'nonsense'])(
    'refuses on(%j) with a TypeError naming the events, never a prototype member',
    (name) => {
      const { router } = setup();
      expect(() => router.on(name as keyof RouterEvents, () => undefined)).toThrow(
        /unknown event .*routed, failover, ambiguity, breaker/,
      );
    },
  );
});
