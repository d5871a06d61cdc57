import { describe, expect, it } from 'vitest';

import { DeadlineSignal } from './http-send.js';

/** Resolves when `signal` fires its abort listeners. */
const fired = (signal: DeadlineSignal): Promise<void> =>
  new Promise((resolve) => signal.addEventListener('abort', resolve));

describe('DeadlineSignal (one timer for every try in flight)', () => {
  it('times out a later try with a shorter deadline before an earlier one with a longer deadline', async () => {
    const order: string[] = [];
    const long = new DeadlineSignal(400, undefined);
    const short = new DeadlineSignal(20, undefined);
    const longFired = fired(long).then(() => order.push('long'));
    await fired(short).then(() => order.push('short'));
    expect(short.timedOut).toBe(true);
    expect(long.aborted).toBe(false);
    await longFired;
    expect(order).toEqual(['short', 'long']);
    expect(long.timedOut).toBe(true);
    short.dispose();
    long.dispose();
  });

  it('never fires for a try disposed before its deadline, while tries started after it still time out', async () => {
    const ended = new DeadlineSignal(10, undefined);
    ended.dispose();
    const after = new DeadlineSignal(30, undefined);
    await fired(after);
    expect(after.timedOut).toBe(true);
    expect(ended.aborted).toBe(false);
    expect(ended.timedOut).toBe(false);
    after.dispose();
  });

  it("aborts when the caller's signal aborts, without a timeout, and stops listening once disposed", () => {
    const controller = new AbortController();
    const signal = new DeadlineSignal(60_000, controller.signal);
    let calls = 0;
    signal.addEventListener('abort', () => calls++);
    controller.abort();
    expect(signal.aborted).toBe(true);
    expect(signal.timedOut).toBe(false);
    expect(calls).toBe(1);
    signal.dispose();

    const other = new AbortController();
    const disposed = new DeadlineSignal(60_000, other.signal);
    disposed.dispose();
    other.abort();
    expect(disposed.aborted).toBe(false);
  });

  it('removes a listener so an abort no longer calls it', () => {
    const controller = new AbortController();
    const signal = new DeadlineSignal(60_000, controller.signal);
    let calls = 0;
    const listener = () => calls++;
    signal.addEventListener('abort', listener);
    signal.removeEventListener('abort', listener);
    controller.abort();
    expect(signal.aborted).toBe(true);
    expect(calls).toBe(0);
    signal.dispose();
  });
});
