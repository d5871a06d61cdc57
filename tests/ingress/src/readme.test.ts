import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { startConomySimulator, type ConomySimulator } from '@paylinks/conomy/simulator';
import { envName, type CreatePaymentLinkInput } from '@paylinks/core';
import type { ProviderSimulator } from '@paylinks/testing';
import { startCostplusSimulator, type CostplusSimulator } from '@paylinks/costplus/simulator';
import { startHsaSimulator, type HsaSimulator } from '@paylinks/hsa-provider/simulator';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { listen, serveFetch, type IngressServer } from './support/frameworks.js';

// The core README's webhook examples are these files, word for word (pnpm typecheck compiles them
// against the real framework types); here each one receives the HSA simulator's signed webhooks.
const readme = readFileSync(new URL('../../../packages/core/README.md', import.meta.url), 'utf8');
const examples = [
  'payments.ts',
  'express-app.ts',
  'fastify-app.ts',
  'next-route.ts',
  'hono-app.ts',
  'router-app.ts',
];
const source = (name: string) =>
  readFileSync(new URL(`./readme-examples/${name}`, import.meta.url), 'utf8').trim();

/** Sets `PAYLINKS_<ID>_<SETTING>` for every string setting of a simulator, as `configFromEnv` reads them. */
function exportSettings(id: string, settings: object): void {
  for (const [key, value] of Object.entries(settings)) {
    if (typeof value === 'string') {
      process.env[`PAYLINKS_${envName(id)}_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`] = value;
    }
  }
}

describe('core README webhook examples', () => {
  let sim: HsaSimulator;
  const logged: unknown[][] = [];
  beforeAll(async () => {
    sim = await startHsaSimulator({ webhookRetryDelaysMs: [], rateLimitPerMinute: 10_000 });
    // payments.ts reads its configuration from the environment, as the README shows.
    process.env['PAYLINKS_PROVIDER'] = 'hsa-provider';
    exportSettings('hsa-provider', sim.adapterSettings());
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      logged.push(args);
    });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await sim.close();
  });

  it('shows every example file as it is', () => {
    for (const name of examples) expect(readme, name).toContain(source(name));
  });

  const servers: Record<string, () => Promise<IngressServer>> = {
    Express: async () => listen(createServer((await import('./readme-examples/express-app.js')).app)),
    Fastify: async () => {
      const { app } = await import('./readme-examples/fastify-app.js');
      await app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = app.server.address() as AddressInfo;
      return { url: `http://127.0.0.1:${port}/webhooks/paylinks`, close: () => app.close() };
    },
    'Next.js route handler': async () => serveFetch((await import('./readme-examples/next-route.js')).POST),
    Hono: async () => serveFetch((await import('./readme-examples/hono-app.js')).app.fetch),
  };

  for (const [framework, start] of Object.entries(servers)) {
    it(`${framework}: a paid link's signed webhooks reach onEvent`, async () => {
      const { links } = await import('./readme-examples/payments.js');
      const server = await start();
      try {
        const url = server.url.replace(/\/webhooks$/, '/webhooks/paylinks');
        sim.setWebhookUrl(url);
        const reference = `readme-${framework.toLowerCase().replace(/\W+/g, '-')}`;
        const link = await links.create({
          reference,
          amount: { amount: 4995, currency: 'USD' },
          description: 'Monitor',
          successUrl: 'https://shop.example/thanks',
        });
        const before = sim.webhooks.deliveries.length;
        expect((await sim.checkout(link.url as string, 'success')).status).toBe(303);
        await sim.webhooks.flush();
        const mine = sim.webhooks.deliveries.slice(before);
        expect(mine.length).toBeGreaterThan(0);
        expect(mine.filter((d) => !d.ok)).toEqual([]);
        expect(logged.some(([word, ref]) => word === 'paid' && ref === reference)).toBe(true);
      } finally {
        await server.close();
      }
    });
  }

  it('router app: one /webhooks/:provider route takes a paid link on each of the three providers', async () => {
    const noRetries = { webhookRetryDelaysMs: [], webhookTimeoutMs: 10_000 } as const;
    const cp: CostplusSimulator = await startCostplusSimulator(noRetries);
    const co: ConomySimulator = await startConomySimulator(noRetries);
    exportSettings('costplus', cp.adapterSettings());
    exportSettings('conomy', co.adapterSettings());
    const { app, router } = await import('./readme-examples/router-app.js');
    const server = await listen(createServer(app));
    const base = server.url.replace(/\/webhooks$/, '/webhooks');
    co.setWebhookUrl(`${base}/conomy`);
    sim.setWebhookUrl(`${base}/hsa-provider`);
    try {
      const order = (reference: string, currency: string): CreatePaymentLinkInput => ({
        reference,
        amount: { amount: currency === 'CLP' ? 19_990 : 1995, currency },
        description: `Router README ${reference}`,
        successUrl: 'https://shop.example/thanks',
      });
      const inputs: Array<[string, CreatePaymentLinkInput, ProviderSimulator]> = [
        ['costplus', { ...order('readme-router-cp', 'EUR'), webhookUrl: `${base}/costplus` }, cp],
        [
          'conomy',
          {
            ...order('readme-router-co', 'CLP'),
            providerOptions: { conomy: { checkoutToken: 'readme-router-co' } },
          },
          co,
        ],
        ['hsa-provider', order('readme-router-hsa', 'USD'), sim],
      ];
      for (const [id, input, provider] of inputs) {
        const created = await router.create(input);
        expect(created.id.startsWith(`${id}:`)).toBe(true);
        const link = created.status.unified === 'draft' ? await router.activate(created.id) : created;
        expect((await provider.checkout(link.url as string, 'success')).status).toBe(303);
        await provider.webhooks.flush();
        expect(
          logged.some(([word, who, ref]) => word === 'paid' && who === id && ref === input.reference),
        ).toBe(true);
      }
      for (const s of [cp, co, sim]) expect(s.webhooks.deliveries.filter((d) => !d.ok)).toEqual([]);
    } finally {
      await server.close();
      await Promise.all([cp.close(), co.close()]);
    }
  });
});
