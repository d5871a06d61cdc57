import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
  createNodeWebhookHandler,
  fromProvider,
  WebhookBodyConsumedError,
  type WebhookEvent,
} from '@paylinks/core';
import { hsaProvider, signHsaWebhook } from '@paylinks/hsa-provider';
import express, { type ErrorRequestHandler } from 'express';
import { afterEach, describe, expect, it } from 'vitest';

import { startExpress } from './support/frameworks.js';
import { describeIngress } from './support/ingress-scenarios.js';

describeIngress('Express 5', startExpress);

describe('Express 5 with a body parser in front of the webhook route', () => {
  const secret = 'whsec_express_test_31f0';
  const body = JSON.stringify({ id: 'evt_1', type: 'order.failed', data: { id: 'ord_1' } });
  const headers = {
    'content-type': 'application/json',
    'X-Gale-Signature': signHsaWebhook(secret, body, Math.floor(Date.now() / 1000)),
  };
  // The event names no payment link, so nothing is fetched: the answer is about the body alone.
  const links = fromProvider(
    hsaProvider({ apiKey: 'glm_test_key', webhookSecret: secret, baseUrl: 'http://127.0.0.1:9' }),
  );
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  async function start(app: express.Express): Promise<string> {
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    close = () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
  }

  it('passes a WebhookBodyConsumedError saying how to mount the handler when express.json() ran first', async () => {
    const passed: unknown[] = [];
    const app = express();
    app.use(express.json());
    app.post('/webhooks', createNodeWebhookHandler(links, { onEvent: () => undefined }));
    const report: ErrorRequestHandler = (error, _req, res, _next) => {
      passed.push(error);
      res.status(500).json({ error: (error as Error).name });
    };
    app.use(report);
    const response = await fetch(await start(app), { method: 'POST', headers, body });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: 'WebhookBodyConsumedError' });
    expect(passed[0]).toBeInstanceOf(WebhookBodyConsumedError);
    expect((passed[0] as Error).message).toMatch(/before any body parser.*express\.raw/s);
    expect((passed[0] as Error).message).not.toContain(secret);
  });

  it('uses the bytes express.raw() left on req.body', async () => {
    const events: WebhookEvent[] = [];
    const app = express();
    app.post(
      '/webhooks',
      express.raw({ type: '*/*' }),
      createNodeWebhookHandler(links, {
        onEvent: (event) => {
          events.push(event);
        },
      }),
    );
    const url = await start(app);
    const response = await fetch(url, { method: 'POST', headers, body });
    // Verified; the event names no link to re-fetch, so the answer is 502 and onEvent is not called.
    expect(await response.json()).toEqual({ received: false, error: 'resolve_failed' });
    const tampered = await fetch(url, { method: 'POST', headers, body: body.replace('ord_1', 'ord_2') });
    expect(await tampered.json()).toEqual({ received: false, error: 'signature_mismatch' });
    expect(events).toEqual([]);
  });
});
