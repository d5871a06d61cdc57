import { connect } from 'node:net';

import { fromProvider, type PaymentLink, type PaymentLinks, type WebhookEvent } from '@paylinks/core';
import { tamperWebhookBody, type ProviderSimulator } from '@paylinks/testing';
import { hsaProvider } from '@paylinks/hsa-provider';
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
  describeStalledSender(framework, start);
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

/**
 * Sends the head of a POST with `Content-Length: 1000`, then 4 bytes every
 * 25 ms, and answers what the server wrote once its JSON answer is whole
 * (or the connection closed, or `giveUpMs` passed: then the test fails on
 * the text, it never hangs).
 */
export async function trickle(url: string, giveUpMs = 30_000): Promise<string> {
  const { hostname, port, pathname } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.write(
    `POST ${pathname} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n`,
  );
  const drip = setInterval(() => socket.write('{"a"'), 25);
  let received = '';
  try {
    await new Promise<void>((resolve) => {
      const giveUp = setTimeout(resolve, giveUpMs);
      const done = () => {
        clearTimeout(giveUp);
        resolve();
      };
      socket.on('data', (chunk: Buffer) => {
        received += chunk.toString('utf8');
        if (/\r\n\r\n[\s\S]*\}/.test(received)) done();
      });
      socket.on('close', done);
      socket.on('error', done);
    });
  } finally {
    clearInterval(drip);
    socket.destroy();
  }
  return received;
}

/**
 * Issue 20, finding 7: a sender that trickles its body (4 bytes every 25 ms)
 * is answered 408 once the handler's read deadline passes, in every
 * framework as it is mounted here (Fastify's own `requestTimeout` is 0).
 */
function describeStalledSender(framework: string, start: StartIngress): void {
  describe(`${framework} under a sender that trickles its body`, () => {
    it('answers 408 body_timeout at the read deadline, without calling onEvent', async () => {
      const handled: unknown[] = [];
      const failures: unknown[] = [];
      // The body never ends, so nothing is verified or fetched: any client will do.
      const links = fromProvider(
        hsaProvider({
          apiKey: 'glm_test_key',
          webhookSecret: 'whsec_stall_test',
          baseUrl: 'http://127.0.0.1:9',
        }),
      );
      const server = await start(links, {
        onEvent: (event) => {
          handled.push(event);
        },
        onError: (error) => failures.push(error),
        readTimeoutMs: 300,
      });
      try {
        const received = await trickle(server.url);
        expect(received).toMatch(/^HTTP\/1\.1 408 /);
        expect(received).toContain('{"received":false,"error":"body_timeout"}');
        expect(handled).toEqual([]);
        expect(failures).toHaveLength(1);
        expect((failures[0] as Error).name).toBe('WebhookBodyTimeoutError');
      } finally {
        await server.close();
      }
    });
  });
}
