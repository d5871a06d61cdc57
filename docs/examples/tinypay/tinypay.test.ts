import { readFileSync } from 'node:fs';

import { fromProvider, PaymentLinkException } from '@paylinks/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { tinypay } from './tinypay-provider.js';
import { startTinypaySimulator } from './tinypay-simulator.js';

const apiKey = 'tp_test_key_123';
const webhookSecret = 'tp_whsec_456789';
let sim: Awaited<ReturnType<typeof startTinypaySimulator>>;

beforeAll(async () => {
  sim = await startTinypaySimulator({ apiKey, webhookSecret });
});
afterAll(() => sim.close());

describe('docs/adding-a-provider.md: the Tinypay example', () => {
  it('is embedded in the guide exactly as it is tested', () => {
    const guide = readFileSync(new URL('../../adding-a-provider.md', import.meta.url), 'utf8');
    const source = readFileSync(new URL('./tinypay-provider.ts', import.meta.url), 'utf8');
    expect(guide).toContain(source.trim());
  });

  it('creates, reads, verifies a webhook and re-fetches the link, against its simulator', async () => {
    const links = fromProvider(tinypay({ apiKey, webhookSecret, baseUrl: `${sim.origin}/v1` }));
    const link = await links.create({
      reference: 'inv-1',
      amount: { amount: 1250, currency: 'EUR' },
      description: 'Invoice 1',
    });
    expect(link).toMatchObject({
      provider: 'tinypay',
      reference: 'inv-1',
      status: { unified: 'open', raw: 'open' },
    });
    const { event, link: paid } = await links.resolveWebhook(sim.pay(link.id));
    expect(event).toMatchObject({ type: 'link.paid', verified: true, linkId: link.id });
    expect(paid.status).toEqual({ unified: 'paid', raw: 'paid' });
  });

  it('decodes a stored link body, and refuses a webhook when no secret is configured', () => {
    const provider = tinypay({ apiKey, baseUrl: `${sim.origin}/v1` });
    const body = {
      id: 'tl_1',
      ref: 'inv-1',
      status: 'paid',
      url: 'https://pay.example/tl_1',
      amount_minor: 1250,
      currency: 'EUR',
      created: '2030-01-01T00:00:00Z',
    };
    expect(provider.decodeLink?.(body)).toMatchObject({ _tag: 'Right', right: { id: 'tl_1', raw: body } });
    expect(provider.decodeLink?.({ id: 'tl_1' })).toMatchObject({
      _tag: 'Left',
      left: { _tag: 'DecodeError', operation: 'decodeLink' },
    });
    expect(provider.parseWebhook?.({ headers: {}, rawBody: '{}' })).toMatchObject({
      _tag: 'Left',
      left: { _tag: 'WebhookVerificationError', reason: 'missing_secret' },
    });
  });

  it('runs the checks the real adapters run: what its capabilities refuse or require, before any request', async () => {
    const provider = tinypay({ apiKey, webhookSecret, baseUrl: `${sim.origin}/v1` });
    const base = { reference: 'inv-2', amount: { amount: 1250, currency: 'EUR' }, description: 'Invoice 2' };
    const cases = [
      [{ ...base, metadata: { order: '2' } }, 'metadata'],
      [{ ...base, webhookUrl: 'https://shop.example/hooks' }, 'webhookUrl'],
      [{ reference: 'inv-2', amount: { amount: 1250, currency: 'EUR' } }, 'description'],
    ] as const;
    for (const [input, field] of cases) {
      const created = await provider.create(input)();
      expect(created, field).toMatchObject({
        _tag: 'Left',
        left: { _tag: 'ValidationError', provider: 'tinypay', operation: 'create' },
      });
      expect(JSON.stringify(created), field).toContain(field);
    }
    expect(sim.created()).toBe(1); // only the first test's link reached the simulator
  });

  it('gets core’s checks and classification for free', async () => {
    const links = fromProvider(tinypay({ apiKey, webhookSecret, baseUrl: `${sim.origin}/v1` }));
    await expect(links.get('..')).rejects.toMatchObject({ error: { _tag: 'ValidationError', field: 'id' } });
    await expect(links.get('tl_missing')).rejects.toMatchObject({ error: { _tag: 'NotFoundError' } });
    await expect(links.cancel('x')).rejects.toMatchObject({ error: { _tag: 'UnsupportedError' } });
    const wrongKey = fromProvider(tinypay({ apiKey: 'tp_wrong_key_0', baseUrl: `${sim.origin}/v1` }));
    const error = await wrongKey.get('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaymentLinkException);
    expect((error as PaymentLinkException).error._tag).toBe('AuthenticationError');
    expect(JSON.stringify(error)).not.toContain('tp_wrong_key_0');
    expect(() => tinypay({ apiKey, baseURL: 'https://x.example' } as never)).toThrow(
      /did you mean baseUrl\?/,
    );
  });
});
