import { describe, expect, it } from 'vitest';

import { AfterProcessingFaults, malformedBody } from './after-processing-faults.js';
import { BoundedLog } from './bounded-log.js';
import { IdempotencyStore } from './idempotency-store.js';
import type { SimRequest, SimResponse } from './sim-messages.js';
import { timeBudgetMs } from './time-budget.js';
import { startWebhookReceiver } from './webhook-receiver.js';
import { WebhookSender } from './webhook-sender.js';

describe('BoundedLog', () => {
  it('keeps the newest entries, oldest first, and counts what it dropped', () => {
    const log = new BoundedLog<number>(3);
    for (let i = 1; i <= 10; i++) log.push(i);
    expect(log.toArray()).toEqual([8, 9, 10]);
    expect([log.size, log.dropped]).toEqual([3, 7]);
    const all = new BoundedLog<number>(Infinity);
    for (let i = 0; i < 5_000; i++) all.push(i);
    expect(all.size).toBe(5_000);
    expect(new BoundedLog<number>().capacity).toBe(1_000);
    expect(() => new BoundedLog(0)).toThrow(RangeError);
    expect(() => new BoundedLog(2.5)).toThrow(RangeError);
  });
});

describe('IdempotencyStore', () => {
  let now = 0;
  const post = (key: string | undefined, body: string): SimRequest => ({
    method: 'POST',
    path: '/links',
    query: new URLSearchParams(),
    headers: key === undefined ? {} : { 'idempotency-key': key },
    rawBody: Buffer.from(body),
    json: JSON.parse(body) as unknown,
    form: new URLSearchParams(),
  });
  let made = 0;
  const handle = (): SimResponse => ({ status: 201, json: { id: ++made } });
  const conflict = (): SimResponse => ({ status: 409 });

  it('replays the first answer for a known key, refuses it with another body, forgets it after the TTL', () => {
    const store = new IdempotencyStore({ ttlMs: 1_000, now: () => now });
    const first = store.answer(post('k1', '{"a":1}'), 'key-a', handle, conflict);
    const again = store.answer(post('k1', '{"a":1}'), 'key-a', handle, conflict);
    expect(again).toEqual({ ...first, headers: { 'Idempotent-Replayed': 'true' } });
    expect(store.answer(post('k1', '{"a":2}'), 'key-a', handle, conflict).status).toBe(409);
    expect(store.answer(post('k1', '{"a":1}'), 'key-b', handle, conflict).json).not.toEqual(first.json);
    expect(store.answer(post(undefined, '{"a":1}'), 'key-a', handle, conflict).json).not.toEqual(first.json);
    now += 1_000;
    expect(store.answer(post('k1', '{"a":1}'), 'key-a', handle, conflict).json).not.toEqual(first.json);
    expect(store.replays()).toBe(1);
  });

  it('holds at most `capacity` keys, forgetting the oldest first', () => {
    const store = new IdempotencyStore({ ttlMs: 1_000_000, now: () => now, capacity: 5 });
    const first = store.answer(post('k0', '{}'), 's', handle, conflict);
    for (let i = 1; i < 20; i++) store.answer(post(`k${i}`, '{}'), 's', handle, conflict);
    expect(store.size).toBe(5);
    expect(store.answer(post('k19', '{}'), 's', handle, conflict).headers).toEqual({
      'Idempotent-Replayed': 'true',
    });
    expect(store.answer(post('k0', '{}'), 's', handle, conflict).json).not.toEqual(first.json);
  });
});

describe('WebhookSender', () => {
  it('keeps the newest historySize tries, and sends each endpoint its events in order when ordered', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const sender = new WebhookSender({ retryDelaysMs: [], historySize: 4, ordered: true });
      for (let i = 0; i < 10; i++) sender.send({ url: receiver.url, headers: {}, body: `{"n":${i}}` });
      await sender.flush();
      expect(receiver.received.map((r) => r.rawBody.toString())).toEqual(
        Array.from({ length: 10 }, (_, i) => `{"n":${i}}`),
      );
      expect(sender.deliveries.map((d) => d.body)).toEqual(['{"n":6}', '{"n":7}', '{"n":8}', '{"n":9}']);
    } finally {
      await receiver.close();
    }
  });
});

describe('AfterProcessingFaults', () => {
  it('replaces, delays or holds an answer already worked out, one queued fault per answer', async () => {
    const after = new AfterProcessingFaults((status, retry) => ({ status, json: { retry } }));
    const done: SimResponse = { status: 201, json: { id: 'made' } };
    after.queue.inject({ kind: 'status', status: 503, retryAfterSeconds: 2 });
    after.queue.inject({ kind: 'malformed' });
    after.queue.inject({ kind: 'drop' });
    expect(await after.apply(done)).toEqual({ status: 503, json: { retry: 2 } });
    expect(await after.apply(done)).toBe(malformedBody);
    const held = after.apply(done);
    let released = false;
    void held.then(() => (released = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(released).toBe(false);
    after.releaseAll();
    expect(await held).toBe(done);
    expect(await after.apply(done)).toBe(done);
  });
});

describe('timeBudgetMs', () => {
  it('grows with the work: cases x per-case budget, plus a fixed part (5 s unless given)', () => {
    expect(timeBudgetMs({ cases: 10_000, perCaseMs: 10 })).toBe(105_000);
    expect(timeBudgetMs({ cases: 3, perCaseMs: 0.5, fixedMs: 0 })).toBe(2);
  });
});
