import { describe, expect, it } from 'vitest';

import {
  checkoutRedirect,
  locationHeaderValue,
  renderCheckoutPage,
  submitCheckout,
} from './checkout-page.js';
import { sendRawRequest } from './hostile-requests.js';
import { FaultQueue } from './fault-queue.js';
import { ManualClock } from './manual-clock.js';
import { startSimulatorServer } from './simulator-server.js';
import { startWebhookReceiver } from './webhook-receiver.js';
import { WebhookSender } from './webhook-sender.js';

describe('simulator kit', () => {
  it('applies queued faults to API requests only, in order', async () => {
    const faults = new FaultQueue();
    let processedAfterDrop = 0;
    const server = await startSimulatorServer({
      faults,
      isApiRequest: (r) => r.path.startsWith('/api'),
      handle: (r) => {
        if (r.path === '/api/after') processedAfterDrop += 1;
        return { status: 200, json: { path: r.path, body: r.json ?? null, outcome: r.form.get('outcome') } };
      },
      errorResponse: (status, retryAfter) => ({
        status,
        json: { error: status },
        ...(retryAfter !== undefined ? { headers: { 'retry-after': String(retryAfter) } } : {}),
      }),
    });
    try {
      faults.inject({ kind: 'status', status: 429, retryAfterSeconds: 3 });
      faults.inject({ kind: 'malformed' });
      const limited = await fetch(`${server.origin}/api/x`);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('3');
      const page = await fetch(`${server.origin}/page`, {
        method: 'POST',
        body: 'outcome=success',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(await page.json()).toEqual({ path: '/page', body: null, outcome: 'success' });
      const malformed = await fetch(`${server.origin}/api/y`);
      await expect(malformed.json()).rejects.toThrow();
      faults.inject({ kind: 'drop' });
      await expect(fetch(`${server.origin}/api/z`)).rejects.toThrow();
      faults.inject({ kind: 'drop-after' });
      await expect(
        fetch(`${server.origin}/api/after`, { method: 'POST', body: '{"a":2}' }),
      ).rejects.toThrow();
      expect(processedAfterDrop).toBe(1); // processed, but the caller got no answer
      const ok = await fetch(`${server.origin}/api/z`, { method: 'POST', body: '{"a":1}' });
      expect(await ok.json()).toEqual({ path: '/api/z', body: { a: 1 }, outcome: null });
      expect(server.apiRequests()).toBe(5);
      expect(faults.appliedCount()).toBe(4);
    } finally {
      await server.close();
    }
  });

  it('retries a webhook until the receiver answers 2xx, then stops', async () => {
    let calls = 0;
    const receiver = await startWebhookReceiver({ onWebhook: () => (calls += 1) });
    const failing = await startWebhookReceiver({ status: 500 });
    try {
      const sender = new WebhookSender({ retryDelaysMs: [5, 5, 5] });
      sender.send({ url: receiver.url, headers: { 'x-test': '1' }, body: '{"n":1}' });
      sender.send({ url: failing.url, headers: {}, body: '{"n":2}' });
      await sender.flush();
      expect(calls).toBe(1);
      expect(receiver.received[0]?.headers['x-test']).toBe('1');
      expect(receiver.received[0]?.rawBody.toString()).toBe('{"n":1}');
      expect(failing.received).toHaveLength(4);
      expect(
        sender.deliveries.filter((d) => d.url === failing.url).map((d) => [d.attempt, d.status, d.ok]),
      ).toEqual([
        [1, 500, false],
        [2, 500, false],
        [3, 500, false],
        [4, 500, false],
      ]);
    } finally {
      await receiver.close();
      await failing.close();
    }
  });

  it('renders a payable page with pay and fail buttons and escapes text', () => {
    const html = renderCheckoutPage({
      provider: 'Cost+',
      title: 'Pay',
      amount: '9.95',
      currency: 'EUR',
      description: '<b>Invoice</b>',
      status: 'new',
      payable: true,
      attemptsLeft: 25,
    });
    expect(html).toContain('data-testid="pay"');
    expect(html).toContain('data-testid="fail"');
    expect(html).toContain('&#60;b&#62;Invoice');
    expect(
      renderCheckoutPage({
        provider: 'x',
        title: 't',
        amount: '1',
        currency: 'EUR',
        status: 'paid',
        payable: false,
      }),
    ).toContain('data-testid="closed"');
  });

  it('submits a checkout form without following the redirect', async () => {
    const faults = new FaultQueue();
    const server = await startSimulatorServer({
      faults,
      handle: (r) => ({
        status: 303,
        headers: { location: `https://shop.example/${r.form.get('outcome')}` },
      }),
      errorResponse: (status) => ({ status }),
    });
    try {
      expect(await submitCheckout(`${server.origin}/pay/1`, 'failure')).toEqual({
        status: 303,
        location: 'https://shop.example/failure',
      });
    } finally {
      await server.close();
    }
  });

  it('moves a manual clock and tells listeners', () => {
    const clock = new ManualClock(new Date('2026-01-15T12:00:00Z'));
    const seen: string[] = [];
    const stop = clock.onChange((now) => seen.push(now.toISOString()));
    clock.advance(60_000);
    stop();
    clock.set(new Date('2027-01-01T00:00:00Z'));
    expect(seen).toEqual(['2026-01-15T12:01:00.000Z']);
    expect(clock.fn()).toEqual(new Date('2027-01-01T00:00:00Z'));
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });

  it('follows real time when ticking, and still moves by hand', async () => {
    const clock = new ManualClock(new Date('2026-01-15T12:00:00Z'), { ticking: true });
    await new Promise((resolve) => setTimeout(resolve, 30));
    const moved = clock.now().getTime() - Date.parse('2026-01-15T12:00:00Z');
    expect(moved).toBeGreaterThanOrEqual(25);
    clock.advance(3_600_000);
    expect(clock.now().getTime() - Date.parse('2026-01-15T12:00:00Z')).toBeGreaterThanOrEqual(
      3_600_000 + moved,
    );
  });
});

describe('simulator server: nothing a client sends stops it', () => {
  const errorResponse = (status: number) => ({ status, json: { error: { status } } });

  it('answers a throwing handler, and an answer Node cannot write, with 500 in the provider format', async () => {
    const server = await startSimulatorServer({
      faults: new FaultQueue(),
      errorResponse,
      handle: (r) => {
        if (r.path === '/throw') throw new Error('handler bug');
        if (r.path === '/bad-header') return { status: 303, headers: { location: 'https://x/\u20ac' } };
        return { status: 200, json: { ok: true } };
      },
    });
    try {
      const thrown = await fetch(`${server.origin}/throw`);
      expect([thrown.status, await thrown.json()]).toEqual([500, { error: { status: 500 } }]);
      const badHeader = await fetch(`${server.origin}/bad-header`, { redirect: 'manual' });
      expect([badHeader.status, await badHeader.json()]).toEqual([500, { error: 'simulator failure' }]);
      expect(server.handlerFailures()).toBe(1);
      expect((await fetch(`${server.origin}/fine`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('refuses what the HTTP parser refuses, an unparsable target and an absurd body size, then serves on', async () => {
    const server = await startSimulatorServer({
      faults: new FaultQueue(),
      errorResponse,
      maxBodyBytes: 1024,
      handle: () => ({ status: 200, json: { ok: true } }),
    });
    const send = (text: string) =>
      sendRawRequest(server.origin, { name: text.slice(0, 20), bytes: Buffer.from(text, 'latin1') });
    try {
      expect((await send('GET http://[::1 HTTP/1.1\r\nHost: x\r\n\r\n')).status).toBe(400);
      expect((await send('GET /%E0%A4%A HTTP/1.1\r\nHost: x\r\n\r\n')).status).toBe(400);
      expect((await send('GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n')).status).toBe(400);
      expect((await send(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'v'.repeat(20_000)}\r\n\r\n`)).status).toBe(
        431,
      );
      expect(
        (await send('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999999\r\n\r\n{}')).status,
      ).toBe(413);
      expect(
        (
          await send(
            `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n${'x'.repeat(2048)}\r\n`,
          )
        ).status,
      ).toBe(413);
      expect(server.refusedRequests()).toBe(6);
      expect((await fetch(`${server.origin}/`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('reads a JSON body only when it is valid UTF-8', async () => {
    const server = await startSimulatorServer({
      faults: new FaultQueue(),
      errorResponse,
      handle: (r) => ({ status: 200, json: { parsed: r.json !== undefined } }),
    });
    try {
      const post = async (body: Buffer) =>
        (await (await fetch(`${server.origin}/`, { method: 'POST', body })).json()) as { parsed: boolean };
      expect(await post(Buffer.from('{"a":"é"}'))).toEqual({ parsed: true });
      expect(await post(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]))).toEqual({
        parsed: false,
      });
    } finally {
      await server.close();
    }
  });

  it('answers 408 to a request that trickles in slower than requestTimeoutMs', async () => {
    const server = await startSimulatorServer({
      faults: new FaultQueue(),
      errorResponse,
      requestTimeoutMs: 200,
      handle: () => ({ status: 200, json: { ok: true } }),
    });
    try {
      const outcome = await sendRawRequest(server.origin, {
        name: 'headers never finished',
        bytes: Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n'),
      });
      expect(outcome.status).toBe(408);
      expect((await fetch(`${server.origin}/`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('checkout redirects', () => {
  it('percent-encodes what a Location header cannot carry', () => {
    expect(checkoutRedirect('https://shop.example/ok\r\nSet-Cookie: a=b')).toEqual({
      status: 303,
      headers: { location: 'https://shop.example/okSet-Cookie:%20a=b' },
    });
    expect(locationHeaderValue('https://bücher.example/€')).toBe('https://xn--bcher-kva.example/%E2%82%AC');
    expect(locationHeaderValue('not a url \u20ac\ud800')).toBe('not%20a%20url%20%E2%82%AC%EF%BF%BD');
  });
});
