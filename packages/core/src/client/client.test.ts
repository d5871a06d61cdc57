import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import * as t from 'io-ts';
import { describe, expect, it } from 'vitest';

import { noCapabilities, testLink } from '../__tests__/test-provider.js';
import { CommonSettings } from '../adapter/adapter-settings.js';
import {
  configFromEnv,
  createPaymentLinks,
  createPaymentLinksEither,
  uncheckedConfig,
  fromProvider,
} from './client.js';
import { defineAdapter } from '../adapter/define-adapter.js';
import { guardProvider } from '../provider/guard-provider.js';
import { PaymentLinkException, validationError } from '../model/errors.js';
import type { PaymentLink } from '../model/model.js';
import type { LinkPage, PaymentLinkProvider } from '../provider/provider.js';
import { linkStatus } from '../model/status.js';
import { expectLeft } from '@paylinks/testing';

const capabilities = noCapabilities;

const link = (id: string): PaymentLink => testLink(id);

const fake = defineAdapter({
  id: 'fake',
  settings: t.intersection([t.type({ apiKey: t.string }), CommonSettings]),
  secretSettings: ['apiKey'],
  create: (settings): PaymentLinkProvider => ({
    id: 'fake',
    capabilities: { ...capabilities, list: true },
    create: () => TE.right(link(`made-with-${settings.apiKey.length}`)),
    get: (id) =>
      id === 'missing' ? TE.left(validationError({ field: 'id', message: 'no' })) : TE.right(link(id)),
    list: (_query, cursor) => {
      const pages: Record<string, LinkPage> = {
        start: { links: [link('a'), link('b')], nextCursor: 'p2' },
        p2: { links: [link('c')], nextCursor: 'p3' },
        p3: { links: [link('d')] },
      };
      return TE.right(pages[cursor ?? 'start'] as LinkPage);
    },
  }),
});

describe('createPaymentLinks', () => {
  it('picks the provider from a plain config object', async () => {
    const client = createPaymentLinks({ provider: 'fake', fake: { apiKey: 'sk_123' } }, { fake });
    expect(client.id).toBe('fake');
    expect((await client.create({ reference: 'r', amount: { amount: 1, currency: 'EUR' } })).id).toBe(
      'made-with-6',
    );
  });

  it('names the bad key of a bad config, and never echoes a secret', () => {
    const error = (config: unknown) => expectLeft(createPaymentLinksEither(config, { fake }));
    expect(error({ provider: 'stripe' })).toMatchObject({
      field: 'provider',
      message: expect.stringContaining('fake'),
    });
    expect(error({ provider: 'fake' }).field).toBe('fake');
    expect(error({ provider: 'fake', fake: {} }).field).toBe('fake.apiKey');
    const bad = error({
      provider: 'fake',
      fake: { apiKey: 'sk_live_topsecret', baseUrl: 'sk_live_topsecret' },
    });
    expect(bad.field).toBe('fake.baseUrl');
    expect(JSON.stringify(bad)).not.toContain('sk_live_topsecret');
    expect(() => createPaymentLinks(uncheckedConfig(null), { fake })).toThrow(PaymentLinkException);
    expect(() => fake({ apiKey: 42 } as never)).toThrow(/fake\.apiKey/);
  });

  it('reads a configuration from environment variables', () => {
    const config = configFromEnv(
      {
        PAYLINKS_PROVIDER: 'fake',
        PAYLINKS_FAKE_API_KEY: 'sk_env',
        PAYLINKS_FAKE_BASE_URL: 'http://127.0.0.1:9/v1',
        PAYLINKS_FAKE_TIMEOUT_MS: '2500',
        PAYLINKS_HSA_PROVIDER_API_KEY: 'glm_test_x',
      },
      { fake, 'hsa-provider': fake },
    );
    expect(config).toEqual({
      provider: 'fake',
      fake: { apiKey: 'sk_env', baseUrl: 'http://127.0.0.1:9/v1', timeoutMs: '2500' },
      'hsa-provider': { apiKey: 'glm_test_x' },
    });
    expect(createPaymentLinks(config, { fake, 'hsa-provider': fake }).id).toBe('fake');
  });
});

describe('client operations', () => {
  const client = createPaymentLinks({ provider: 'fake', fake: { apiKey: 'k' } }, { fake });

  it('iterates every page and every link', async () => {
    const ids: string[] = [];
    for await (const l of client.list()) ids.push(l.id);
    expect(ids).toEqual(['a', 'b', 'c', 'd']);
  });

  it('answers UnsupportedError for operations the provider lacks, in both APIs', async () => {
    for (const run of [
      () => client.cancel('x'),
      () => client.activate('x'),
      () => client.delete('x'),
      () => client.reconcile('r'),
    ]) {
      await expect(run()).rejects.toMatchObject({ _tag: 'UnsupportedError', provider: 'fake' });
    }
    const result = await client.te.cancel('x')();
    expect(E.isLeft(result) && result.left).toMatchObject({ _tag: 'UnsupportedError', feature: 'cancel' });
    expect(() => client.parseWebhook({ headers: {}, rawBody: '{}' })).toThrow(/UnsupportedError/);
  });

  it('throws PaymentLinkException carrying the error value from the Promise API', async () => {
    const thrown = await client.get('missing').catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(PaymentLinkException);
    expect((thrown as PaymentLinkException).error).toMatchObject({ _tag: 'ValidationError', field: 'id' });
    expect(JSON.parse(JSON.stringify(thrown))).toMatchObject({ _tag: 'ValidationError', field: 'id' });
  });

  describe('list(query).toArray({ limit })', () => {
    // Endless pages of 10 links (cursor n -> n + 1): only the limit ends a collection.
    const endless = () => {
      const cursors: Array<string | undefined> = [];
      const client = fromProvider({
        id: 'endless',
        capabilities: { ...capabilities, list: true },
        create: () => TE.right(link('x')),
        get: () => TE.right(link('x')),
        list: (_query, cursor) => {
          cursors.push(cursor);
          const page = Number(cursor ?? '0');
          return TE.right({
            links: Array.from({ length: 10 }, (_, i) => link(`l${page * 10 + i}`)),
            nextCursor: String(page + 1),
          });
        },
      });
      return { client, cursors };
    };

    it('collects up to the limit and fetches no page past the one that reaches it', async () => {
      const { client, cursors } = endless();
      const links = await client.list().toArray({ limit: 25 });
      expect(links.map((l) => l.id)).toEqual(Array.from({ length: 25 }, (_, i) => `l${i}`));
      expect(cursors).toEqual([undefined, '1', '2']);
      const exact = endless();
      expect(await exact.client.list().toArray({ limit: 20 })).toHaveLength(20);
      expect(exact.cursors).toEqual([undefined, '1']);
    });

    it('stops at the last page when it comes before the limit', async () => {
      expect((await client.list().toArray({ limit: 500 })).map((l) => l.id)).toEqual(['a', 'b', 'c', 'd']);
    });

    it('refuses a limit that is not a whole number from 1 to 10000, naming the field, before any request', async () => {
      const { client, cursors } = endless();
      for (const options of [
        { limit: 0 },
        { limit: -1 },
        { limit: 1.5 },
        { limit: 10_001 },
        { limit: NaN },
      ]) {
        const thrown = await client
          .list()
          .toArray(options)
          .catch((e: unknown) => e);
        expect(thrown).toBeInstanceOf(PaymentLinkException);
        expect((thrown as PaymentLinkException).error).toMatchObject({
          _tag: 'ValidationError',
          field: 'limit',
          operation: 'list',
        });
      }
      for (const options of [undefined, {}, { limit: '5' }]) {
        await expect(client.list().toArray(options as never)).rejects.toMatchObject({ field: 'limit' });
      }
      expect(cursors).toEqual([]);
      expect(await client.list().toArray({ limit: 10_000 })).toHaveLength(10_000);
    });

    it('reads the limit once: a getter cannot raise it after the check', async () => {
      const { client, cursors } = endless();
      let reads = 0;
      const sly = {
        get limit() {
          reads++;
          return reads === 1 ? 5 : 20;
        },
      };
      expect(await client.list().toArray(sly)).toHaveLength(5);
      expect(cursors).toEqual([undefined]);
    });
  });

  it('stops a listing whose cursor repeats', async () => {
    const looping = fromProvider({
      id: 'loop',
      capabilities: { ...capabilities, list: true },
      create: () => TE.right(link('x')),
      get: () => TE.right(link('x')),
      list: () => TE.right({ links: [link('x')], nextCursor: 'same' }),
    });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const l of looping.list()) seen.push(l.id);
      })(),
    ).rejects.toMatchObject({ _tag: 'ProviderError' });
    expect(seen).toEqual(['x', 'x']);
  });

  it('resolves a webhook by re-fetching the link it names', async () => {
    const withHooks = fromProvider({
      id: 'hooks',
      capabilities,
      create: () => TE.right(link('x')),
      get: (id) => TE.right({ ...link(id), status: linkStatus('paid', 'completed') }),
      parseWebhook: () =>
        E.right({
          provider: 'hooks',
          type: 'link.updated',
          rawType: 'changed',
          linkId: 'l_7',
          verified: false,
          raw: {},
        }),
    });
    const { event, link: fetched } = await withHooks.resolveWebhook({ headers: {}, rawBody: '{}' });
    expect(event.linkId).toBe('l_7');
    expect(fetched).toMatchObject({ id: 'l_7', status: { unified: 'paid', raw: 'completed' } });
  });
});

describe('calls from JavaScript with the wrong shapes', () => {
  const client = createPaymentLinks({ provider: 'fake', fake: { apiKey: 'k' } }, { fake });

  it('refuses bad options, list queries and reasons with a ValidationError naming the field', async () => {
    expect(await expectLeft(client.te.get('x', { timeoutMs: -1 } as never))).toMatchObject({
      field: 'options.timeoutMs',
    });
    expect(await expectLeft(client.te.get('x', { signal: {} } as never))).toMatchObject({
      field: 'options.signal',
    });
    expect(await expectLeft(client.te.create({} as never, { idempotencyKey: 'a b' }))).toMatchObject({
      field: 'options.idempotencyKey',
    });
    expect(await expectLeft(client.te.get('x', 'fast' as never))).toMatchObject({ field: 'options' });
    expect(await expectLeft(client.te.listPage({ status: 'open' } as never))).toMatchObject({
      field: 'status',
    });
    expect(await expectLeft(client.te.listPage({ createdAfter: '2024-01-01' } as never))).toMatchObject({
      field: 'createdAfter',
    });
    expect(await expectLeft(client.te.listPage({ limit: 0 }))).toMatchObject({ field: 'limit' });
  });

  it('answers a WebhookVerificationError for a parsed body, a missing body or no request at all', () => {
    const withHooks = fromProvider({
      id: 'hooks',
      capabilities,
      create: () => TE.right(link('x')),
      get: () => TE.right(link('x')),
      parseWebhook: (request) =>
        E.right({
          provider: 'hooks',
          type: 'link.updated',
          rawType: String(request.rawBody),
          verified: false,
          raw: {},
        }),
    });
    for (const request of [
      undefined,
      null,
      { rawBody: {} },
      { rawBody: 123, headers: {} },
      { headers: {} },
    ]) {
      const result = withHooks.te.parseWebhook(request as never);
      expect(E.isLeft(result) && result.left._tag, JSON.stringify(request)).toBe('WebhookVerificationError');
    }
    const noHeaders = withHooks.te.parseWebhook({ rawBody: '{}' } as never);
    expect(E.isRight(noHeaders)).toBe(true);
  });

  it('keeps list and pages usable when destructured', async () => {
    const { list } = client;
    const ids: string[] = [];
    for await (const l of list()) ids.push(l.id);
    expect(ids).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('numeric secrets in a configuration', () => {
  it('never echoes a secret given as a number', () => {
    const result = createPaymentLinksEither({ provider: 'fake', fake: { apiKey: 98765432101234 } }, { fake });
    expect(E.isLeft(result) && result.left.field).toBe('fake.apiKey');
    expect(JSON.stringify(E.isLeft(result) ? result.left : {})).not.toContain('98765432101234');
  });
});

describe('guardProvider', () => {
  it('guards a provider made by defineAdapter even when it is called directly, keeping its extra members', async () => {
    const withExtras = defineAdapter({
      id: 'extras',
      settings: t.type({ apiKey: t.string }),
      secretSettings: ['apiKey'],
      create: () => ({
        id: 'extras',
        capabilities: { ...capabilities, list: true },
        mode: 'test' as const,
        create: () => TE.right(link('x')),
        get: (id: string, _options?: unknown) => TE.right(link(id)),
        list: (query: { status?: ReadonlyArray<string> }) => {
          // Would throw on a string status: the guard must stop it before.
          const statuses = query.status?.map((s) => s.toUpperCase()) ?? [];
          return TE.right({ links: statuses.map((s) => link(s)) });
        },
      }),
    });
    const provider = withExtras({ apiKey: 'k' });
    expect(provider.mode).toBe('test');
    const bad = await provider.list!({ status: 'open' } as never)();
    expect(E.isLeft(bad) && bad.left).toMatchObject({ _tag: 'ValidationError', field: 'status' });
    const badOptions = await provider.get('x', { timeoutMs: 'soon' } as never)();
    expect(E.isLeft(badOptions) && badOptions.left).toMatchObject({ field: 'options.timeoutMs' });
    const good = await provider.list!({ status: ['open'] })();
    expect(E.isRight(good) && good.right.links.map((l) => l.id)).toEqual(['OPEN']);
    expect(guardProvider(provider)).toBe(provider);
  });
});
