import type { PaymentLink, PaymentLinks, WebhookEvent } from '@paylinks/core';
import { tamperWebhookBody, type ProviderSimulator } from '@paylinks/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { IngressServer, StartIngress } from './frameworks.js';
import { providerCases } from './providers.js';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy.js';

/** Largest body the servers under test accept. */
export const ingressMaxBytes = 64 * 1024;

const post = async (url: string, headers: Readonly<Record<string, string>>, body: string | Buffer) => {
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

/**
 * Registers, for one framework, the end-to-end webhook scenarios against
 * each simulator: genuine deliveries of a payment (a failed attempt, then a
 * paid one) reach `onEvent` with the re-fetched link; the same deliveries
 * replayed are answered 200 as duplicates; tampered ones are refused;
 * an oversized one is answered 413.
 */
export function describeIngress(framework: string, start: StartIngress): void {
  for (const provider of providerCases) {
    describe(`${framework} receives ${provider.id} webhooks end to end`, () => {
      let sim: ProviderSimulator;
      let links: PaymentLinks;
      let server: IngressServer;
      let proxy: RecordingProxy;
      const handled: Array<{ event: WebhookEvent; link: PaymentLink }> = [];
      const failures: unknown[] = [];
      let paidLink: PaymentLink | undefined;

      beforeAll(async () => {
        sim = await provider.start();
        links = provider.client(sim);
        server = await start(links, {
          onEvent: (event, link) => {
            handled.push({ event, link });
          },
          onError: (error) => failures.push(error),
          maxBytes: ingressMaxBytes,
        });
        proxy = await startRecordingProxy(server.url);
      });
      afterAll(async () => {
        await sim?.close();
        await proxy?.close();
        await server?.close();
      });

      it('verifies genuine deliveries and hands onEvent the re-fetched link', async () => {
        const created = await links.create(provider.input(sim, `ingress-${provider.id}-1`, proxy.url));
        const link =
          created.status.unified === 'draft' && links.capabilities.activate
            ? await links.activate(created.id)
            : created;
        expect((await sim.checkout(link.url as string, 'failure')).status).toBe(303);
        expect((await sim.checkout(link.url as string, 'success')).status).toBe(303);
        await sim.webhooks.flush();
        expect(sim.webhooks.deliveries.length).toBeGreaterThan(0);
        expect(sim.webhooks.deliveries.filter((d) => !d.ok)).toEqual([]);
        expect(proxy.captured.map((c) => c.status).every((s) => s === 200)).toBe(true);
        expect(failures).toEqual([]);
        expect(handled.length).toBeGreaterThan(0);
        for (const { event, link: resolved } of handled) {
          expect(event.provider).toBe(provider.id);
          expect(event.verified).toBe(links.capabilities.signedWebhooks);
          expect(resolved.id).toBe(link.id);
        }
        paidLink = handled.map((h) => h.link).find((l) => l.status.unified === 'paid');
        expect(paidLink?.status.unified).toBe('paid');
      });

      it('answers replayed deliveries 200 as duplicates, without calling onEvent again', async () => {
        const before = handled.length;
        expect(proxy.captured.length).toBeGreaterThan(0);
        for (const delivery of proxy.captured) {
          expect(await post(server.url, delivery.headers, delivery.body)).toEqual({
            status: 200,
            body: { received: true, duplicate: true },
          });
        }
        expect(handled.length).toBe(before);
      });

      it('refuses tampered deliveries and never hands their content to onEvent', async () => {
        const before = handled.length;
        for (const delivery of proxy.captured) {
          const text = delivery.body.toString('utf8');
          if (links.capabilities.signedWebhooks) {
            expect(await post(server.url, delivery.headers, tamperWebhookBody(text))).toEqual({
              status: 400,
              body: { received: false, error: 'signature_mismatch' },
            });
          } else {
            // Cost+ signs nothing: a forged order is caught by the re-fetch, which finds no such order.
            const orderId = (JSON.parse(text) as { order_id: string }).order_id;
            const forged = text.replace(orderId, '00000000-0000-4000-8000-00000000f0f0');
            expect(await post(server.url, delivery.headers, forged)).toEqual({
              status: 502,
              body: { received: false, error: 'resolve_failed' },
            });
          }
        }
        expect(handled.length).toBe(before);
      });

      it('answers 413 to an oversized delivery without handling it', async () => {
        const before = handled.length;
        const delivery = proxy.captured[0];
        expect(delivery).toBeDefined();
        const body = JSON.stringify({
          ...(JSON.parse((delivery?.body as Buffer).toString('utf8')) as object),
          padding: 'x'.repeat(ingressMaxBytes),
        });
        expect(await post(server.url, delivery?.headers ?? {}, body)).toEqual({
          status: 413,
          body: { received: false, error: 'body_too_large' },
        });
        expect(handled.length).toBe(before);
      });
    });
  }
}
