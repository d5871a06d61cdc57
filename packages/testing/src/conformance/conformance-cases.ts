// The conformance scenarios: create and read, input checks, payment, lifecycle, webhooks.
import { add } from 'date-fns/add';
import * as E from 'fp-ts/lib/Either.js';
import { expect, it } from 'vitest';

import type { PaymentLinkError } from '@paylinks/core/adapter';
import { advanceStatus, isFinal, type LinkStatus } from '@paylinks/core';
import { expectLeft, expectRight } from '../expect-either.js';
import { tamperWebhookBody } from '../tamper-webhook.js';

import type { ConformanceSuite } from './conformance-suite.js';

/** Create and get, and the decoder that reads stored bodies. */
export function describeCreateAndRead(suite: ConformanceSuite): void {
  it('creates a payable link and reads it back', async () => {
    const request = suite.input();
    const created = await expectRight(suite.client.te.create(request));
    expect(created.provider).toBe(suite.sim.provider);
    expect(created.amount).toEqual({ amount: 1995, currency: suite.options.currency ?? 'EUR' });
    expect(created.status.unified).toBe('open');
    // No expiry asked: the link reports the provider's default, resolved.
    const defaultExpiry = suite.client.capabilities.defaultExpiry;
    if (defaultExpiry !== undefined) {
      expect(created.expiresAt?.getTime()).toBe(add(suite.sim.clock.now(), defaultExpiry).getTime());
    }
    expect(created.status.raw).not.toBe('');
    expect(created.url).toMatch(/^https?:\/\//);
    if (suite.options.referenceRoundTrips !== false) expect(created.reference).toBe(request.reference);
    const fetched = await expectRight(suite.client.te.get(created.id));
    expect(fetched.id).toBe(created.id);
    expect(fetched.amount).toEqual(created.amount);
    expect(fetched.status).toEqual(created.status);
    expect(fetched.raw).toBeDefined();
    if (suite.client.provider.decodeLink !== undefined) {
      const decoded = suite.client.provider.decodeLink(fetched.raw);
      expect(E.isRight(decoded) && decoded.right).toEqual(fetched);
      const refused = suite.client.provider.decodeLink({ id: 42 });
      expect(E.isLeft(refused) && refused.left._tag).toBe('DecodeError');
    }
  });
}

/** Input is checked before anything is sent. */
export function describeInputChecks(suite: ConformanceSuite): void {
  it('refuses bad input with a ValidationError naming the field, before any request', async () => {
    const before = suite.sim.stats().apiRequests;
    const zero = await expectLeft(
      suite.client.te.create(suite.input({ amount: { amount: 0, currency: 'EUR' } })),
      'ValidationError',
    );
    expect(zero).toMatchObject({ field: 'amount.amount' });
    const fraction = await expectLeft(
      suite.client.te.create(suite.input({ amount: { amount: 9.5, currency: 'EUR' } })),
      'ValidationError',
    );
    expect(fraction).toMatchObject({ field: 'amount.amount' });
    const currency = await expectLeft(
      suite.client.te.create(suite.input({ amount: { amount: 100, currency: 'eur' } })),
      'ValidationError',
    );
    expect(currency).toMatchObject({ field: 'amount.currency' });
    const past = await expectLeft(
      suite.client.te.create(suite.input({ expiresAt: new Date(suite.sim.clock.now().getTime() - 60_000) })),
      'ValidationError',
    );
    expect(past).toMatchObject({ field: 'expiresAt' });
    const url = await expectLeft(
      suite.client.te.create(suite.input({ successUrl: 'not a url' })),
      'ValidationError',
    );
    expect(url).toMatchObject({ field: 'successUrl' });
    expect(suite.sim.stats().apiRequests).toBe(before);
  });
}

/** Unknown ids and bad credentials. */
export function describeAccessErrors(suite: ConformanceSuite): void {
  it('answers NotFoundError for an unknown id', async () => {
    const error = await expectLeft(
      suite.client.te.get('00000000-0000-4000-8000-000000000000'),
      'NotFoundError',
    );
    expect(error.provider).toBe(suite.sim.provider);
    expect(error.httpStatus).toBe(404);
  });

  it('answers AuthenticationError for bad credentials, without echoing them', async () => {
    const bad = suite.clientWith({}, { invalidCredentials: true });
    const settings = suite.sim.adapterSettings({ invalidCredentials: true });
    const error = await expectLeft(bad.te.get('00000000-0000-4000-8000-000000000000'), 'AuthenticationError');
    const text = JSON.stringify(error) + String(error.message);
    for (const value of Object.values(settings)) {
      if (typeof value === 'string' && value.length >= 6 && !/^https?:/.test(value))
        expect(text).not.toContain(value);
    }
  });
}

/** A payment after a failed attempt, seen through get and through webhooks. */
export function describePayment(suite: ConformanceSuite): void {
  it('is paid after a failed attempt, and its webhooks resolve to paid', async () => {
    const link = await suite.create();
    expect(link.status.unified).toBe('open');
    const failed = await suite.sim.checkout(link.url as string, 'failure');
    expect(failed.status).toBe(303);
    const afterFailure = await expectRight(suite.client.te.get(link.id));
    expect(isFinal(afterFailure.status)).toBe(false);
    const max = suite.client.capabilities.maxAttempts;
    // One meaning everywhere: counts where the provider reports them, a limit only where it has one.
    const tries = afterFailure.attempts;
    if (tries.reported) {
      expect(tries).toMatchObject({ total: 1, failed: 1 });
      expect(tries.limit).toBe(max);
      expect(tries.remaining).toBe(max !== undefined ? max - 1 : undefined);
    } else {
      expect(max, 'a provider that limits attempts reports them').toBeUndefined();
      expect(tries).not.toHaveProperty('total');
    }
    const paid = await suite.sim.checkout(link.url as string, 'success');
    expect(paid.status).toBe(303);
    expect(paid.location).toMatch(/^https:\/\/merchant\.example\/paid/);
    const after = await expectRight(suite.client.te.get(link.id));
    expect(after.status.unified).toBe('paid');
    expect(after.attempts.reported).toBe(tries.reported);
    if (after.attempts.reported) {
      expect(after.attempts).toMatchObject({ total: 2, failed: 1 });
      if (max !== undefined) expect(after.attempts.remaining).toBe(0);
    }
    const again = await suite.sim.checkout(link.url as string, 'success');
    expect(again.status).not.toBe(303);

    await suite.sim.webhooks.flush();
    const mine = suite.receiver.received;
    expect(mine.length).toBeGreaterThan(0);
    let status: LinkStatus | undefined;
    let sawPaid = false;
    for (const webhook of mine) {
      const event = suite.client.parseWebhook({ headers: webhook.headers, rawBody: webhook.rawBody });
      expect(event.provider).toBe(suite.sim.provider);
      expect(event.verified).toBe(suite.client.capabilities.signedWebhooks);
      const resolved = await expectRight(
        suite.client.te.resolveWebhook({ headers: webhook.headers, rawBody: webhook.rawBody }),
      );
      if (resolved.link.id !== link.id) continue;
      status = advanceStatus(status, resolved.link.status);
      sawPaid ||= status.unified === 'paid';
    }
    expect(sawPaid).toBe(true);
    expect(status?.unified).toBe('paid');
  });
}

/** Expiry, cancel, activate and delete, each where the capabilities say so. */
export function describeLifecycle(suite: ConformanceSuite): void {
  it('expires when its time is up', async () => {
    const link = await suite.create(suite.client, { expiresIn: 'PT1H' });
    expect(link.expiresAt?.getTime()).toBe(suite.sim.clock.now().getTime() + 3_600_000);
    suite.sim.clock.advance(2 * 3_600_000);
    const after = await expectRight(suite.client.te.get(link.id));
    expect(after.status.unified).toBe('expired');
    const attempt = await suite.sim.checkout(link.url as string, 'success');
    expect(attempt.status).not.toBe(303);
  });

  it('cancels where the provider can, and refuses to cancel twice', async () => {
    if (!suite.client.capabilities.cancel) {
      await expectLeft(suite.client.te.cancel('any-id'), 'UnsupportedError');
      return;
    }
    const link = await suite.create();
    const cancelled = await expectRight(suite.client.te.cancel(link.id, 'customer changed their mind'));
    expect(cancelled.status.unified).toBe('cancelled');
    const again = await expectLeft(suite.client.te.cancel(link.id), 'ConflictError');
    expect(again.httpStatus).toBeGreaterThanOrEqual(400);
  });

  it('activates a draft where the provider has drafts', async () => {
    if (!suite.client.capabilities.activate) {
      await expectLeft(suite.client.te.activate('any-id'), 'UnsupportedError');
      return;
    }
    const draft = await expectRight(suite.client.te.create(suite.draftInput()));
    expect(draft.status.unified).toBe('draft');
    const active = await expectRight(suite.client.te.activate(draft.id));
    expect(active.status.unified).toBe('open');
  });

  it('deletes where the provider can, and refuses to delete a payable link', async () => {
    if (!suite.client.capabilities.delete) {
      await expectLeft(suite.client.te.delete('any-id'), 'UnsupportedError');
      return;
    }
    const draft = await expectRight(suite.client.te.create(suite.draftInput()));
    await expectRight(suite.client.te.delete(draft.id));
    const open = await suite.create();
    await expectLeft(suite.client.te.delete(open.id), 'ConflictError');
  });
}

/** Listing, per-link webhook URLs, and UnsupportedError for what is left out. */
export function describeCapabilities(suite: ConformanceSuite): void {
  it('lists every link across pages', async () => {
    if (!suite.client.capabilities.list) {
      const first = await suite.client.te.pages().next();
      expect(first.done).toBe(false);
      const page = first.value as E.Either<PaymentLinkError, unknown>;
      expect(E.isLeft(page) && page.left._tag).toBe('UnsupportedError');
      return;
    }
    const created = [await suite.create(), await suite.create(), await suite.create()];
    const seen = new Set<string>();
    let pages = 0;
    for await (const page of suite.client.pages({ limit: 2 })) {
      pages += 1;
      expect(page.links.length).toBeLessThanOrEqual(2);
      for (const link of page.links) seen.add(link.id);
    }
    expect(pages).toBeGreaterThanOrEqual(2);
    for (const link of created) expect(seen.has(link.id)).toBe(true);
  });

  it('takes a per-link webhookUrl only where the provider has one', async () => {
    if (suite.client.capabilities.webhookUrlPerLink) {
      const link = await expectRight(
        suite.client.te.create(suite.input({ webhookUrl: 'https://merchant.example/hooks' })),
      );
      expect(link.id).not.toBe('');
      return;
    }
    const before = suite.sim.stats().apiRequests;
    const error = await expectLeft(
      suite.client.te.create(suite.input({ webhookUrl: 'https://merchant.example/hooks' })),
      'ValidationError',
    );
    expect(error).toMatchObject({ field: 'webhookUrl' });
    expect(suite.sim.stats().apiRequests).toBe(before);
  });

  it('answers UnsupportedError for every operation the capabilities leave out', async () => {
    const c = suite.client.capabilities;
    if (!c.reconcile) await expectLeft(suite.client.te.reconcile('any-reference'), 'UnsupportedError');
    if (!c.list) await expectLeft(suite.client.te.listPage({}), 'UnsupportedError');
    if (!c.cancel) await expectLeft(suite.client.te.cancel('x'), 'UnsupportedError');
    if (!c.activate) await expectLeft(suite.client.te.activate('x'), 'UnsupportedError');
    if (!c.delete) await expectLeft(suite.client.te.delete('x'), 'UnsupportedError');
    expect(typeof c.signedWebhooks).toBe('boolean');
  });
}

/** Runs last: it reads a webhook the payment case made the simulator send. */
export function describeWebhookVerification(suite: ConformanceSuite): void {
  it('rejects a tampered or empty webhook with a WebhookVerificationError', async () => {
    const empty = suite.client.te.parseWebhook({ headers: {}, rawBody: '' });
    expect(E.isLeft(empty) && empty.left._tag).toBe('WebhookVerificationError');
    if (!suite.client.capabilities.signedWebhooks) return;
    await suite.sim.webhooks.flush();
    const webhook = suite.receiver.received[0];
    expect(webhook).toBeDefined();
    const text = (webhook as { rawBody: Buffer }).rawBody.toString('utf8');
    const tampered = tamperWebhookBody(text);
    expect(tampered).not.toBe(JSON.stringify(JSON.parse(text)));
    const result = suite.client.te.parseWebhook({
      headers: (webhook as { headers: Record<string, string> }).headers,
      rawBody: tampered,
    });
    expect(E.isLeft(result) && result.left._tag).toBe('WebhookVerificationError');
  });
}
