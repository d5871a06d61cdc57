import { add } from 'date-fns/add';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { fromProvider, type PaymentLinks } from '../client.js';
import type { PaymentLinkError } from '../errors.js';
import type { CreatePaymentLinkInput, PaymentLink } from '../model.js';
import type { PaymentLinkProvider } from '../provider.js';
import { advanceStatus, isFinal, type LinkStatus } from '../status.js';
import { tamperWebhookBody } from '../testing/tamper-webhook.js';
import { startWebhookReceiver, type WebhookReceiver } from '../testing/webhook-receiver.js';
import type { ProviderSimulator } from '../testing/provider-simulator.js';
import { expectLeft, expectRight } from '../testing/expect-either.js';

/** Options of {@link describeConformance}. */
export interface ConformanceOptions {
  /** The adapter factory (`costplus`, `conomy`, `hsaProvider`). */
  readonly adapter: (settings: never) => PaymentLinkProvider;
  /** Starts a fresh simulator of the same provider. */
  readonly startSimulator: () => Promise<ProviderSimulator>;
  /**
   * Changes the suite's create input (a portable one: reference, amount,
   * description, success and failure URLs, plus the per-link webhook URL
   * where the provider takes one). Shipped adapters need nothing here.
   */
  readonly createInput?: (base: CreatePaymentLinkInput) => CreatePaymentLinkInput;
  /**
   * The input that makes a draft, for providers with drafts whose create
   * activates by default (Conomy: `providerOptions.conomy.activate: false`).
   */
  readonly draftInput?: (base: CreatePaymentLinkInput) => CreatePaymentLinkInput;
  /** Whether `link.reference` comes back as the input's `reference` (default true). */
  readonly referenceRoundTrips?: boolean;
  /** Currency of the suite's links (default EUR). */
  readonly currency?: string;
}

type Settings = Record<string, unknown>;

/**
 * Registers the shared adapter scenarios (vitest) against a provider's
 * simulator: create and get, validation before sending, payment after a
 * failed attempt, webhooks resolved to `paid`, expiry on the clock,
 * cancel / activate / delete / list where the capabilities say so (and
 * `UnsupportedError` where not), and every error tag the provider can
 * produce, through the simulator's fault injection.
 *
 * @example
 * describeConformance({ adapter: costplus, startSimulator: () => startCostplusSimulator() })
 */
export function describeConformance(options: ConformanceOptions): void {
  const make = options.adapter as (settings: Settings) => PaymentLinkProvider;
  let sim: ProviderSimulator;
  let receiver: WebhookReceiver;
  let client: PaymentLinks;
  let counter = 0;

  const clientWith = (
    extra: Settings = {},
    credentials: { invalidCredentials?: boolean } = {},
  ): PaymentLinks =>
    fromProvider(
      make({
        ...sim.adapterSettings(credentials),
        retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 200 },
        ...extra,
      }),
    );
  const noRetry = () => clientWith({ retry: { maxRetries: 0 } });

  const input = (overrides: Partial<CreatePaymentLinkInput> = {}): CreatePaymentLinkInput => {
    counter += 1;
    const base: CreatePaymentLinkInput = {
      reference: `conformance-${counter}-${Date.now().toString(36)}`,
      amount: { amount: 1995, currency: options.currency ?? 'EUR' },
      description: `Conformance invoice ${counter}`,
      successUrl: 'https://merchant.example/paid',
      failureUrl: 'https://merchant.example/failed',
      ...(client.capabilities.webhookUrlPerLink ? { webhookUrl: receiver.url } : {}),
      ...overrides,
    };
    return options.createInput !== undefined ? options.createInput(base) : base;
  };

  const draftInput = (): CreatePaymentLinkInput =>
    options.draftInput !== undefined ? options.draftInput(input()) : input();

  const payable = async (c: PaymentLinks, link: PaymentLink): Promise<PaymentLink> =>
    link.status.unified === 'draft' && c.capabilities.activate ? expectRight(c.te.activate(link.id)) : link;

  const create = async (c: PaymentLinks = client, overrides: Partial<CreatePaymentLinkInput> = {}) =>
    payable(c, await expectRight(c.te.create(input(overrides))));

  describe('conformance', () => {
    beforeAll(async () => {
      sim = await options.startSimulator();
      receiver = await startWebhookReceiver();
      client = clientWith();
      if (!client.capabilities.webhookUrlPerLink) {
        // One webhook URL per account: register it as the provider's dashboard would.
        expect(sim.setWebhookUrl, `${sim.provider} simulator must offer setWebhookUrl`).toBeTypeOf(
          'function',
        );
        sim.setWebhookUrl?.(receiver.url);
      }
    });
    afterAll(async () => {
      await sim.close();
      await receiver.close();
    });

    it('creates a payable link and reads it back', async () => {
      const request = input();
      const created = await expectRight(client.te.create(request));
      expect(created.provider).toBe(sim.provider);
      expect(created.amount).toEqual({ amount: 1995, currency: options.currency ?? 'EUR' });
      expect(created.status.unified).toBe('open');
      // No expiry asked: the link reports the provider's default, resolved.
      const defaultExpiry = client.capabilities.defaultExpiry;
      if (defaultExpiry !== undefined) {
        expect(created.expiresAt?.getTime()).toBe(add(sim.clock.now(), defaultExpiry).getTime());
      }
      expect(created.status.raw).not.toBe('');
      expect(created.url).toMatch(/^https?:\/\//);
      if (options.referenceRoundTrips !== false) expect(created.reference).toBe(request.reference);
      const fetched = await expectRight(client.te.get(created.id));
      expect(fetched.id).toBe(created.id);
      expect(fetched.amount).toEqual(created.amount);
      expect(fetched.status).toEqual(created.status);
      expect(fetched.raw).toBeDefined();
      if (client.provider.decodeLink !== undefined) {
        const decoded = client.provider.decodeLink(fetched.raw);
        expect(E.isRight(decoded) && decoded.right).toEqual(fetched);
        const refused = client.provider.decodeLink({ id: 42 });
        expect(E.isLeft(refused) && refused.left._tag).toBe('DecodeError');
      }
    });

    it('refuses bad input with a ValidationError naming the field, before any request', async () => {
      const before = sim.stats().apiRequests;
      const zero = await expectLeft(
        client.te.create(input({ amount: { amount: 0, currency: 'EUR' } })),
        'ValidationError',
      );
      expect(zero).toMatchObject({ field: 'amount.amount' });
      const fraction = await expectLeft(
        client.te.create(input({ amount: { amount: 9.5, currency: 'EUR' } })),
        'ValidationError',
      );
      expect(fraction).toMatchObject({ field: 'amount.amount' });
      const currency = await expectLeft(
        client.te.create(input({ amount: { amount: 100, currency: 'eur' } })),
        'ValidationError',
      );
      expect(currency).toMatchObject({ field: 'amount.currency' });
      const past = await expectLeft(
        client.te.create(input({ expiresAt: new Date(sim.clock.now().getTime() - 60_000) })),
        'ValidationError',
      );
      expect(past).toMatchObject({ field: 'expiresAt' });
      const url = await expectLeft(client.te.create(input({ successUrl: 'not a url' })), 'ValidationError');
      expect(url).toMatchObject({ field: 'successUrl' });
      expect(sim.stats().apiRequests).toBe(before);
    });

    it('answers NotFoundError for an unknown id', async () => {
      const error = await expectLeft(client.te.get('00000000-0000-4000-8000-000000000000'), 'NotFoundError');
      expect(error.provider).toBe(sim.provider);
      expect(error.httpStatus).toBe(404);
    });

    it('answers AuthenticationError for bad credentials, without echoing them', async () => {
      const bad = clientWith({}, { invalidCredentials: true });
      const settings = sim.adapterSettings({ invalidCredentials: true });
      const error = await expectLeft(
        bad.te.get('00000000-0000-4000-8000-000000000000'),
        'AuthenticationError',
      );
      const text = JSON.stringify(error) + String(error.message);
      for (const value of Object.values(settings)) {
        if (typeof value === 'string' && value.length >= 6 && !/^https?:/.test(value))
          expect(text).not.toContain(value);
      }
    });

    it('is paid after a failed attempt, and its webhooks resolve to paid', async () => {
      const link = await create();
      expect(link.status.unified).toBe('open');
      const failed = await sim.checkout(link.url as string, 'failure');
      expect(failed.status).toBe(303);
      const afterFailure = await expectRight(client.te.get(link.id));
      expect(isFinal(afterFailure.status)).toBe(false);
      const max = client.capabilities.maxAttempts;
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
      const paid = await sim.checkout(link.url as string, 'success');
      expect(paid.status).toBe(303);
      expect(paid.location).toMatch(/^https:\/\/merchant\.example\/paid/);
      const after = await expectRight(client.te.get(link.id));
      expect(after.status.unified).toBe('paid');
      expect(after.attempts.reported).toBe(tries.reported);
      if (after.attempts.reported) {
        expect(after.attempts).toMatchObject({ total: 2, failed: 1 });
        if (max !== undefined) expect(after.attempts.remaining).toBe(0);
      }
      const again = await sim.checkout(link.url as string, 'success');
      expect(again.status).not.toBe(303);

      await sim.webhooks.flush();
      const mine = receiver.received;
      expect(mine.length).toBeGreaterThan(0);
      let status: LinkStatus | undefined;
      let sawPaid = false;
      for (const webhook of mine) {
        const event = client.parseWebhook({ headers: webhook.headers, rawBody: webhook.rawBody });
        expect(event.provider).toBe(sim.provider);
        expect(event.verified).toBe(client.capabilities.signedWebhooks);
        const resolved = await expectRight(
          client.te.resolveWebhook({ headers: webhook.headers, rawBody: webhook.rawBody }),
        );
        if (resolved.link.id !== link.id) continue;
        status = advanceStatus(status, resolved.link.status);
        sawPaid ||= status.unified === 'paid';
      }
      expect(sawPaid).toBe(true);
      expect(status?.unified).toBe('paid');
    });

    it('expires when its time is up', async () => {
      const link = await create(client, { expiresIn: 'PT1H' });
      expect(link.expiresAt?.getTime()).toBe(sim.clock.now().getTime() + 3_600_000);
      sim.clock.advance(2 * 3_600_000);
      const after = await expectRight(client.te.get(link.id));
      expect(after.status.unified).toBe('expired');
      const attempt = await sim.checkout(link.url as string, 'success');
      expect(attempt.status).not.toBe(303);
    });

    it('cancels where the provider can, and refuses to cancel twice', async () => {
      if (!client.capabilities.cancel) {
        await expectLeft(client.te.cancel('any-id'), 'UnsupportedError');
        return;
      }
      const link = await create();
      const cancelled = await expectRight(client.te.cancel(link.id, 'customer changed their mind'));
      expect(cancelled.status.unified).toBe('cancelled');
      const again = await expectLeft(client.te.cancel(link.id), 'ConflictError');
      expect(again.httpStatus).toBeGreaterThanOrEqual(400);
    });

    it('activates a draft where the provider has drafts', async () => {
      if (!client.capabilities.activate) {
        await expectLeft(client.te.activate('any-id'), 'UnsupportedError');
        return;
      }
      const draft = await expectRight(client.te.create(draftInput()));
      expect(draft.status.unified).toBe('draft');
      const active = await expectRight(client.te.activate(draft.id));
      expect(active.status.unified).toBe('open');
    });

    it('deletes where the provider can, and refuses to delete a payable link', async () => {
      if (!client.capabilities.delete) {
        await expectLeft(client.te.delete('any-id'), 'UnsupportedError');
        return;
      }
      const draft = await expectRight(client.te.create(draftInput()));
      await expectRight(client.te.delete(draft.id));
      const open = await create();
      await expectLeft(client.te.delete(open.id), 'ConflictError');
    });

    it('lists every link across pages', async () => {
      if (!client.capabilities.list) {
        const first = await client.te.pages().next();
        expect(first.done).toBe(false);
        const page = first.value as E.Either<PaymentLinkError, unknown>;
        expect(E.isLeft(page) && page.left._tag).toBe('UnsupportedError');
        return;
      }
      const created = [await create(), await create(), await create()];
      const seen = new Set<string>();
      let pages = 0;
      for await (const page of client.pages({ limit: 2 })) {
        pages += 1;
        expect(page.links.length).toBeLessThanOrEqual(2);
        for (const link of page.links) seen.add(link.id);
      }
      expect(pages).toBeGreaterThanOrEqual(2);
      for (const link of created) expect(seen.has(link.id)).toBe(true);
    });

    it('takes a per-link webhookUrl only where the provider has one', async () => {
      if (client.capabilities.webhookUrlPerLink) {
        const link = await expectRight(
          client.te.create(input({ webhookUrl: 'https://merchant.example/hooks' })),
        );
        expect(link.id).not.toBe('');
        return;
      }
      const before = sim.stats().apiRequests;
      const error = await expectLeft(
        client.te.create(input({ webhookUrl: 'https://merchant.example/hooks' })),
        'ValidationError',
      );
      expect(error).toMatchObject({ field: 'webhookUrl' });
      expect(sim.stats().apiRequests).toBe(before);
    });

    it('answers UnsupportedError for every operation the capabilities leave out', async () => {
      const c = client.capabilities;
      if (!c.reconcile) await expectLeft(client.te.reconcile('any-reference'), 'UnsupportedError');
      if (!c.list) await expectLeft(client.te.listPage({}), 'UnsupportedError');
      if (!c.cancel) await expectLeft(client.te.cancel('x'), 'UnsupportedError');
      if (!c.activate) await expectLeft(client.te.activate('x'), 'UnsupportedError');
      if (!c.delete) await expectLeft(client.te.delete('x'), 'UnsupportedError');
      expect(typeof c.signedWebhooks).toBe('boolean');
    });

    describe('faults', () => {
      let link: PaymentLink;
      let plain: PaymentLinks;
      beforeAll(async () => {
        link = await create();
        plain = noRetry();
        await expectRight(plain.te.get(link.id)); // warms up auth tokens and sockets
      });

      it('turns a 5xx into a retryable ProviderError', async () => {
        sim.faults.inject({ kind: 'status', status: 503 });
        const error = await expectLeft(plain.te.get(link.id), 'ProviderError');
        expect(error).toMatchObject({ httpStatus: 503, retryable: true, provider: sim.provider });
      });

      it('retries a read through a burst of 5xx', async () => {
        sim.faults.inject({ kind: 'status', status: 502 }, 2);
        const fetched = await expectRight(client.te.get(link.id));
        expect(fetched.id).toBe(link.id);
      });

      it('turns a 429 into a RateLimitError with the delay', async () => {
        sim.faults.inject({ kind: 'status', status: 429, retryAfterSeconds: 7 });
        const error = await expectLeft(plain.te.get(link.id), 'RateLimitError');
        expect(error).toMatchObject({ retryAfterMs: 7000, retryable: true, httpStatus: 429 });
      });

      it('turns a 403 into a PermissionError', async () => {
        sim.faults.inject({ kind: 'status', status: 403 });
        await expectLeft(plain.te.get(link.id), 'PermissionError');
      });

      it('turns a dropped connection into a NetworkError', async () => {
        sim.faults.inject({ kind: 'drop' });
        const error = await expectLeft(plain.te.get(link.id), 'NetworkError');
        expect(error).toMatchObject({ ambiguous: false, retryable: true });
      });

      it('marks a create that lost its answer as ambiguous, with the key to retry with where there is one', async () => {
        sim.faults.inject({ kind: 'drop' });
        const error = await expectLeft(plain.te.create(input()), 'NetworkError');
        expect(error).toMatchObject({ ambiguous: true });
        if (plain.capabilities.idempotency) {
          // The same key again: the provider replays, it never makes a second link.
          const key = error._tag === 'NetworkError' ? error.idempotencyKey : undefined;
          expect(key).toBeTypeOf('string');
          const before = sim.stats().linksCreated;
          const same = input();
          const first = await expectRight(plain.te.create(same, { idempotencyKey: `k-${key}` }));
          const again = await expectRight(plain.te.create(same, { idempotencyKey: `k-${key}` }));
          expect(again.id).toBe(first.id);
          expect(sim.stats().linksCreated).toBe(before + 1);
        }
      });

      it('gives up on a slow answer with a timeout', async () => {
        const slow = clientWith({ retry: { maxRetries: 0 }, timeoutMs: 150 });
        await expectRight(slow.te.get(link.id));
        sim.faults.inject({ kind: 'delay', ms: 1000 });
        const error = await expectLeft(slow.te.get(link.id), 'NetworkError');
        expect(error).toMatchObject({ code: 'ETIMEDOUT' });
      });

      it('turns an unreadable answer into a DecodeError', async () => {
        sim.faults.inject({ kind: 'malformed' });
        await expectLeft(plain.te.get(link.id), 'DecodeError');
      });
    });

    it('rejects a tampered or empty webhook with a WebhookVerificationError', async () => {
      const empty = client.te.parseWebhook({ headers: {}, rawBody: '' });
      expect(E.isLeft(empty) && empty.left._tag).toBe('WebhookVerificationError');
      if (!client.capabilities.signedWebhooks) return;
      await sim.webhooks.flush();
      const webhook = receiver.received[0];
      expect(webhook).toBeDefined();
      const text = (webhook as { rawBody: Buffer }).rawBody.toString('utf8');
      const tampered = tamperWebhookBody(text);
      expect(tampered).not.toBe(JSON.stringify(JSON.parse(text)));
      const result = client.te.parseWebhook({
        headers: (webhook as { headers: Record<string, string> }).headers,
        rawBody: tampered,
      });
      expect(E.isLeft(result) && result.left._tag).toBe('WebhookVerificationError');
    });
  });
}
