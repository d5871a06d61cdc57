import { type PaymentLink } from '@paylinks/core';
import { createRouter, type Router } from '@paylinks/router';
import { startWebhookReceiver, type WebhookReceiver } from '@paylinks/testing';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { providers, type ProviderId } from './support/results.js';
import {
  currencyRules,
  homeCurrency,
  routedInput,
  startRoutedWorld,
  type RoutedWorld,
} from './support/router-harness.js';

// Issue 16: webhooks reach a router without saying which provider sent them. Real webhooks from
// the three simulators (Conomy and HSA/FSA signed, Cost+ unsigned) must each be parsed by the
// provider that sent it, with or without the URL naming it, and resolve to the routed link.

let world: RoutedWorld;
let receiver: WebhookReceiver;
let router: Router;
const links = new Map<ProviderId, PaymentLink>();

beforeAll(async () => {
  world = await startRoutedWorld({
    timeoutMs: 2_000,
    retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 10 },
  });
  receiver = await startWebhookReceiver();
  // Providers with one URL per account get it "in the dashboard"; Cost+ takes one per link.
  world.sims.conomy.setWebhookUrl(`${receiver.url}/conomy`);
  world.sims['hsa-provider'].setWebhookUrl(`${receiver.url}/hsa-provider`);
  router = createRouter({ providers: providers.map((id) => world.providers[id]), rules: currencyRules });
  for (const id of providers) {
    const input = routedInput(`hook-${id}`, homeCurrency[id], 2_500);
    const link = await router.create(
      id === 'costplus' ? { ...input, webhookUrl: `${receiver.url}/costplus` } : input,
    );
    expect(link.provider).toBe(id);
    // A Conomy link starts as a draft: activating it goes to Conomy by the router id.
    links.set(id, link.status.unified === 'draft' ? await router.activate(link.id) : link);
    await world.sims[id].checkout(links.get(id)?.url as string, 'success');
    await world.sims[id].webhooks.flush();
  }
}, 60_000);
afterAll(async () => {
  await Promise.all([world?.close(), receiver?.close()]);
});

const delivered = (id: ProviderId) =>
  receiver.received
    .filter((w) => w.path === `/webhooks/${id}`)
    .map((w) => ({ headers: w.headers, rawBody: w.rawBody, path: w.path }));

describe('routed webhooks from the simulators', () => {
  it.each(providers)('%s: found by trying every provider, and by the URL path', async (id) => {
    const hooks = delivered(id);
    expect(hooks.length).toBeGreaterThan(0);
    for (const hook of hooks) {
      const anonymous = router.te.parseWebhook({ headers: hook.headers, rawBody: hook.rawBody });
      expect(E.isRight(anonymous) && anonymous.right.provider).toBe(id);
      expect(E.isRight(anonymous) && anonymous.right.verified).toBe(id !== 'costplus');
      const named = router.te.parseWebhook({ headers: hook.headers, rawBody: hook.rawBody, url: hook.path });
      expect(E.isRight(named) && named.right.provider).toBe(id);
    }
    const resolved = await router.resolveWebhook({
      headers: hooks.at(-1)!.headers,
      rawBody: hooks.at(-1)!.rawBody,
    });
    expect(resolved.link.id).toBe(links.get(id)?.id);
    expect(resolved.link.status.unified).toBe('paid');
  });

  it('refuses a signed webhook whose signature was tampered with, naming the provider when the path does', () => {
    const hook = delivered('hsa-provider')[0]!;
    const tampered = Buffer.from(`${hook.rawBody.toString('utf8')} `);
    const named = router.te.parseWebhook({ headers: hook.headers, rawBody: tampered, url: hook.path });
    expect(E.isLeft(named) && named.left).toMatchObject({
      _tag: 'WebhookVerificationError',
      provider: 'hsa-provider',
    });
    const anonymous = router.te.parseWebhook({ headers: hook.headers, rawBody: tampered });
    expect(E.isLeft(anonymous) && anonymous.left).toMatchObject({
      _tag: 'WebhookVerificationError',
      reason: 'signature_mismatch',
      message: expect.stringContaining('no provider accepted this webhook'),
    });
  });
});
