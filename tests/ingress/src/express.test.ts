import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
  createNodeWebhookHandler,
  fromProvider,
  WebhookBodyConsumedError,
  type WebhookEvent,
} from '@paylinks/core';
import { hsaProvider, signHsaWebhook } from '@paylinks/hsa-provider';
import express from 'express';
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

  // Issue 20, finding 9: the handler used to pass the error to next(), and Express's default error
  // handler answered its HTML page with the stack trace and file paths (NODE_ENV unset).
  it('answers express.json() in front of it with a 500 JSON naming the misconfiguration, never a stack trace', async () => {
    const nodeEnv = process.env['NODE_ENV'];
    delete process.env['NODE_ENV'];
    try {
      const reported: Array<{ error: unknown; stage: string }> = [];
      const app = express(); // reads NODE_ENV now: unset, Express shows stacks on its error page
      expect(app.get('env')).toBe('development');
      app.use(express.json());
      app.post(
        '/webhooks',
        createNodeWebhookHandler(links, {
          onEvent: () => undefined,
          onError: (error, { stage }) => reported.push({ error, stage }),
        }),
      );
      const response = await fetch(await start(app), { method: 'POST', headers, body });
      const text = await response.text();
      expect(response.status).toBe(500);
      expect(response.headers.get('content-type')).toBe('application/json');
      const answer = JSON.parse(text) as { received: boolean; error: string; message: string };
      expect(answer).toMatchObject({ received: false, error: 'body_already_parsed' });
      expect(answer.message).toMatch(/before any body parser.*express\.raw/s);
      for (const leak of [
        /\bat .+\(/,
        /\.[cm]?[jt]s:\d+/,
        /node_modules/,
        /\/work\//,
        /<html|<pre/i,
        secret,
      ]) {
        expect(text).not.toMatch(leak);
      }
      expect(reported).toHaveLength(1);
      expect(reported[0]).toMatchObject({ stage: 'body' });
      expect(reported[0]?.error).toBeInstanceOf(WebhookBodyConsumedError);
    } finally {
      if (nodeEnv === undefined) delete process.env['NODE_ENV'];
      else process.env['NODE_ENV'] = nodeEnv;
    }
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
