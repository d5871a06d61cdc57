import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { describe, expect, it } from 'vitest';

import { fromProvider } from '@paylinks/core';
import {
  networkError,
  notFoundError,
  PaymentLinkException,
  validationError,
  webhookVerificationError,
  type PaymentLinkError,
  type CreatePaymentLinkInput,
  type PaymentLink,
  type Capabilities,
  type PaymentLinkProvider,
  linkStatus,
  type UnifiedStatus,
  headerValue,
  hmacSha256Hex,
  type WebhookRequest,
} from '@paylinks/core/adapter';
import { bareCapabilities } from '@paylinks/testing';

import { createLedgerClient } from './ledger-client.js';
import { fulfilmentId } from './ledger.js';
import { createMemoryLedger } from './memory-ledger.js';

const secret = 'whsec_test';

/** A provider kept in a Map, with the knobs these tests need (not a simulator of any real one). */
function fakeProvider(features: { idempotency?: boolean; reconcile?: boolean } = {}) {
  const links = new Map<string, PaymentLink>();
  const keys = new Map<string, string>();
  const calls = { create: 0, get: 0, reconcile: 0 };
  // What the next creates do: make the link and answer, make it and lose the answer, or refuse.
  const plan: Array<'ok' | 'made-but-lost' | 'lost' | 'invalid'> = [];
  const capabilities: Capabilities = {
    ...bareCapabilities,
    idempotency: features.idempotency ?? false,
    signedWebhooks: true,
    webhookUrlPerLink: true,
    reconcile: features.reconcile ?? false,
  };

  const make = (input: CreatePaymentLinkInput): PaymentLink => {
    const id = `link_${links.size + 1}`;
    const link: PaymentLink = {
      provider: 'fake',
      id,
      reference: input.reference,
      amount: input.amount as PaymentLink['amount'],
      status: linkStatus('open', 'active'),
      attempts: { items: [], count: 0 } as unknown as PaymentLink['attempts'],
      redirects: {},
      metadata: {},
      raw: { id, reference: input.reference, status: 'active' },
    };
    links.set(id, link);
    return link;
  };
  const lost = (): PaymentLinkError =>
    networkError({ provider: 'fake', operation: 'create', ambiguous: true, message: 'socket hang up' });
  const provider: PaymentLinkProvider = {
    id: 'fake',
    capabilities,
    create: (input, options) => async () => {
      calls.create += 1;
      const step = plan.shift() ?? 'ok';
      if (step === 'invalid')
        return E.left(validationError({ provider: 'fake', field: 'amount', message: 'amount refused' }));
      if (step === 'lost') return E.left(lost());
      const key = options?.idempotencyKey;
      const replay = capabilities.idempotency && key !== undefined ? keys.get(key) : undefined;
      const link = replay !== undefined ? (links.get(replay) as PaymentLink) : make(input);
      if (capabilities.idempotency && key !== undefined) keys.set(key, link.id);
      return step === 'made-but-lost' ? E.left(lost()) : E.right(link);
    },
    get: (id) => async () => {
      calls.get += 1;
      const link = links.get(id);
      return link !== undefined
        ? E.right(link)
        : E.left(notFoundError({ provider: 'fake', resourceId: id, message: 'no such link' }));
    },
    ...(capabilities.reconcile
      ? {
          reconcile: (reference: string) => async () => {
            calls.reconcile += 1;
            return E.right([...links.values()].find((l) => l.reference === reference));
          },
        }
      : {}),
    decodeLink: (body) => {
      const id = (body as { id: string }).id;
      const link = links.get(id);
      return link !== undefined ? E.right({ ...link, raw: body }) : E.left(notFoundError({ message: id }));
    },
    parseWebhook: (request) => {
      const raw = String(request.rawBody);
      const signature = headerValue(request.headers, 'x-signature');
      if (signature !== hmacSha256Hex(secret, raw)) {
        return E.left(
          webhookVerificationError({
            provider: 'fake',
            reason: 'signature_mismatch',
            message: 'bad signature',
          }),
        );
      }
      const body = JSON.parse(raw) as { id?: string; linkId: string };
      return E.right({
        provider: 'fake',
        type: 'link.updated',
        rawType: 'updated',
        verified: true,
        linkId: body.linkId,
        raw: body,
        ...(body.id !== undefined ? { eventId: body.id } : {}),
      });
    },
  };
  const setStatus = (id: string, unified: UnifiedStatus, raw: string) => {
    const link = links.get(id) as PaymentLink;
    links.set(id, { ...link, status: linkStatus(unified, raw), raw: { id, status: raw } });
  };
  return { provider, links, calls, plan, setStatus, client: fromProvider(provider) };
}

const input = (reference: string, amount = 995): CreatePaymentLinkInput => ({
  reference,
  amount: { amount, currency: 'EUR' },
});

function webhook(body: object): WebhookRequest {
  const raw = JSON.stringify(body);
  return { headers: { 'x-signature': hmacSha256Hex(secret, raw) }, rawBody: raw };
}

async function tagOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'none';
  } catch (error) {
    return error instanceof PaymentLinkException ? error._tag : String(error);
  }
}

describe('createLedgerClient', () => {
  it('makes one link for a reference created from several callers at once', async () => {
    const fake = fakeProvider();
    const ledger = createMemoryLedger();
    const callers = ['a', 'b', 'c'].map((owner) =>
      createLedgerClient({ ledger, owner, links: { fake: fake.client } }),
    );
    const links = await Promise.all(callers.map((c) => c.create('fake', input('inv-1'), { scope: 'm1' })));
    expect(fake.calls.create).toBe(1);
    expect(new Set(links.map((l) => l.id))).toEqual(new Set(['link_1']));
    expect(
      (await ledger.linkByReference({ provider: 'fake', scope: 'm1', reference: 'inv-1' }))?.linkId,
    ).toBe('link_1');
    // Another scope is another logical create.
    await callers[0]!.create('fake', input('inv-1'), { scope: 'm2' });
    expect(fake.calls.create).toBe(2);
  });

  it('makes one link for one visible reference typed in NFC and in NFD', async () => {
    const fake = fakeProvider();
    const ledger = createMemoryLedger();
    const paylinks = createLedgerClient({ ledger, links: { fake: fake.client } });
    const nfc = await paylinks.create('fake', input('caf\u00e9-7'));
    const nfd = await paylinks.create('fake', input('cafe\u0301-7'));
    expect(nfd.id).toBe(nfc.id);
    expect(fake.calls.create).toBe(1);
    // The provider got the NFC form: what it shows later finds the same intent.
    expect(fake.links.get(nfc.id)?.reference).toBe('caf\u00e9-7');
    expect(await ledger.intents()).toHaveLength(1);
  });

  it('records a paid webhook for a link it never created as foreign, and fulfils it only when asked to', async () => {
    const fake = fakeProvider();
    const outside = fake.provider.create(input('made-in-dashboard'));
    const made = await outside();
    const linkId = E.isRight(made) ? made.right.id : '';
    fake.setStatus(linkId, 'paid', 'paid');
    const ledger = createMemoryLedger();
    const paylinks = createLedgerClient({ ledger, links: { fake: fake.client } });
    const outcome = await paylinks.handleWebhook('fake', webhook({ id: 'evt-f', linkId }));
    expect(outcome).toMatchObject({ outcome: 'foreign', status: { unified: 'paid' } });
    expect(outcome.fulfilmentId).toBeUndefined();
    expect((await ledger.link('fake', linkId))?.status.unified).toBe('paid');
    expect((await ledger.counts()).fulfilments).toEqual({ pending: 0, done: 0 });
    expect((await paylinks.sync({ staleAfterMs: 0 })).links).toMatchObject({ claimed: 0 });

    const optedIn = createLedgerClient({
      ledger: createMemoryLedger(),
      links: { fake: fake.client },
      fulfilForeignLinks: true,
    });
    const fulfilled = await optedIn.handleWebhook('fake', webhook({ id: 'evt-f', linkId }));
    expect(fulfilled).toMatchObject({
      outcome: 'applied',
      fulfilmentId: fulfilmentId('fake', linkId, 'paid'),
    });
  });

  it('checks the create input before the intent is written: a bad one writes nothing', async () => {
    const fake = fakeProvider();
    const ledger = createMemoryLedger();
    let claims = 0;
    const counting = {
      ...ledger,
      claimIntent: (...args: Parameters<typeof ledger.claimIntent>) => (
        (claims += 1),
        ledger.claimIntent(...args)
      ),
    };
    const paylinks = createLedgerClient({ ledger: counting, links: { fake: fake.client } });
    const bad = [
      { ...input('inv-1'), amount: { amount: -5, currency: 'EUR' } },
      { ...input('inv-2'), amount: { amount: 995, currency: 'XXQ' } },
      { ...input('inv-3'), successUrl: 'javascript:alert(1)' },
    ];
    for (const create of bad) expect(await tagOf(paylinks.create('fake', create))).toBe('ValidationError');
    expect(claims).toBe(0);
    expect(fake.calls.create).toBe(0);
  });

  it('refuses the same reference with another input', async () => {
    const fake = fakeProvider();
    const paylinks = createLedgerClient({ ledger: createMemoryLedger(), links: { fake: fake.client } });
    await paylinks.create('fake', input('inv-1'));
    expect(await tagOf(paylinks.create('fake', input('inv-1', 1000)))).toBe('ConflictError');
    expect(await tagOf(paylinks.create('nope', input('inv-1')))).toBe('ValidationError');
  });

  it('frees the reference when the provider refuses the create', async () => {
    const fake = fakeProvider();
    const ledger = createMemoryLedger();
    const paylinks = createLedgerClient({ ledger, links: { fake: fake.client } });
    fake.plan.push('invalid');
    expect(await tagOf(paylinks.create('fake', input('inv-1')))).toBe('ValidationError');
    expect(await ledger.intents()).toEqual([]);
    expect((await paylinks.create('fake', input('inv-1'))).id).toBe('link_1');
  });

  it('replays a lost create with the same idempotency key where the provider has keys', async () => {
    const fake = fakeProvider({ idempotency: true });
    const paylinks = createLedgerClient({ ledger: createMemoryLedger(), links: { fake: fake.client } });
    fake.plan.push('made-but-lost');
    const link = await paylinks.create('fake', input('inv-1'));
    expect(link.id).toBe('link_1');
    expect(fake.calls.create).toBe(2);
    expect(fake.links.size).toBe(1);
  });

  it('fixes a relative expiry when the intent is recorded, so every try of a keyed create sends the same body', async () => {
    const fake = fakeProvider({ idempotency: true });
    const sent: CreatePaymentLinkInput[] = [];
    const recording = fromProvider({
      ...fake.provider,
      create: (request, options) => {
        sent.push(request);
        return fake.provider.create(request, options);
      },
    });
    const ledger = createMemoryLedger();
    const paylinks = createLedgerClient({ ledger, links: { fake: recording } });
    fake.plan.push('made-but-lost');
    await paylinks.create('fake', { ...input('inv-1'), expiresIn: 'PT1H' });
    expect(sent).toHaveLength(2);
    expect(sent[0]).toEqual(sent[1]);
    expect(sent[0]).not.toHaveProperty('expiresIn');
    const expiresAt = Date.parse(String(sent[0]?.expiresAt));
    expect(Math.abs(expiresAt - (Date.now() + 3_600_000))).toBeLessThan(60_000);
    // The same logical create asked again (relative expiry and all) is the same create.
    expect((await paylinks.create('fake', { ...input('inv-1'), expiresIn: 'PT1H' })).id).toBe('link_1');
  });

  it('adopts the link found by reference where the provider can look it up', async () => {
    const fake = fakeProvider({ reconcile: true });
    const paylinks = createLedgerClient({ ledger: createMemoryLedger(), links: { fake: fake.client } });
    fake.plan.push('made-but-lost');
    expect((await paylinks.create('fake', input('inv-1'))).id).toBe('link_1');
    expect(fake.calls).toMatchObject({ create: 1, reconcile: 1 });
    // Lost before it was made: the lookup finds nothing and the create is made once.
    fake.plan.push('lost');
    expect((await paylinks.create('fake', input('inv-2'))).id).toBe('link_2');
    expect(fake.calls).toMatchObject({ create: 3, reconcile: 2 });
    expect(fake.links.size).toBe(2);
  });

  it('reports a lost create as needing a person where the provider can neither replay nor look up', async () => {
    const fake = fakeProvider();
    const ledger = createMemoryLedger();
    const paylinks = createLedgerClient({ ledger, links: { fake: fake.client } });
    fake.plan.push('made-but-lost');
    const failure = await paylinks.create('fake', input('inv-1')).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PaymentLinkException);
    expect((failure as PaymentLinkException).error).toMatchObject({
      _tag: 'ConflictError',
      currentStatus: 'needs_attention',
    });
    expect(await tagOf(paylinks.create('fake', input('inv-1')))).toBe('ConflictError');
    expect(fake.calls.create).toBe(1);
    const [flagged] = await ledger.intents({ state: 'needs_attention' });
    expect(flagged?.note).toMatch(/adoptIntent or forgetIntent/);
    // The person finds link_1 at the provider and adopts it.
    const adopted = await paylinks.adoptIntent(flagged!, 'link_1');
    expect(adopted.id).toBe('link_1');
    expect((await paylinks.create('fake', input('inv-1'))).id).toBe('link_1');

    fake.plan.push('lost');
    expect(await tagOf(paylinks.create('fake', input('inv-2')))).toBe('ConflictError');
    await paylinks.forgetIntent({ provider: 'fake', scope: '', reference: 'inv-2' });
    expect((await paylinks.create('fake', input('inv-2'))).id).toBe('link_2');
  });

  it('takes over a create whose process died, on the next create or in sync', async () => {
    const fake = fakeProvider({ idempotency: true });
    const ledger = createMemoryLedger();
    const paylinks = createLedgerClient({ ledger, links: { fake: fake.client }, createLeaseMs: 30 });
    // A process claimed two creates, sent the first, and died.
    for (const reference of ['inv-1', 'inv-2']) {
      await ledger.claimIntent({
        provider: 'fake',
        scope: '',
        reference,
        idempotencyKey: `dead-${reference}`,
        fingerprint: (await import('./ledger.js')).inputFingerprint(input(reference)),
        input: input(reference),
        owner: 'dead',
        leaseMs: 30,
      });
    }
    await fake.client.create(input('inv-1'), { idempotencyKey: 'dead-inv-1' });
    const waited = await paylinks.create('fake', input('inv-1'));
    expect(waited.id).toBe('link_1');
    await new Promise((r) => setTimeout(r, 40));
    const report = await paylinks.sync();
    expect(report.intents).toEqual({ recovered: 1, flagged: 0, failed: 0 });
    expect((await ledger.intent({ provider: 'fake', scope: '', reference: 'inv-2' }))?.state).toBe('created');
    expect(fake.links.size).toBe(2);
  });

  it('applies each webhook once, re-fetching the link, and never moves a final status back', async () => {
    const fake = fakeProvider();
    const ledger = createMemoryLedger();
    const paylinks = createLedgerClient({ ledger, links: { fake: fake.client } });
    const link = await paylinks.create('fake', input('inv-1'));
    fake.setStatus(link.id, 'paid', 'paid');
    const first = await paylinks.handleWebhook('fake', webhook({ id: 'evt-1', linkId: link.id }));
    expect(first).toMatchObject({
      outcome: 'applied',
      deliveryKey: 'fake:evt-1',
      previous: { unified: 'open' },
      status: { unified: 'paid' },
      fulfilmentId: fulfilmentId('fake', link.id, 'paid'),
    });
    const gets = fake.calls.get;
    expect((await paylinks.handleWebhook('fake', webhook({ id: 'evt-1', linkId: link.id }))).outcome).toBe(
      'duplicate',
    );
    expect(fake.calls.get).toBe(gets);
    // The provider (wrongly, or a stale replica) shows the link open again: refused.
    fake.setStatus(link.id, 'open', 'active');
    const late = await paylinks.handleWebhook('fake', webhook({ id: 'evt-0', linkId: link.id }));
    expect(late).toMatchObject({ outcome: 'refused', status: { unified: 'paid' } });
    // Without an event id the key is the re-fetched link's state (a digest of id, raw status, attempts).
    const keyless = await paylinks.handleWebhook('fake', webhook({ linkId: link.id }));
    expect(keyless.deliveryKey).toMatch(/^fake:state:[0-9a-f]{64}$/);
    expect(await tagOf(paylinks.handleWebhook('fake', { headers: {}, rawBody: '{}' }))).toBe(
      'WebhookVerificationError',
    );
    expect((await ledger.counts()).fulfilments).toEqual({ pending: 1, done: 0 });
  });

  it('syncs links not seen for a while, and counts fetches that fail', async () => {
    const fake = fakeProvider();
    const ledger = createMemoryLedger();
    const paylinks = createLedgerClient({ ledger, links: { fake: fake.client } });
    const a = await paylinks.create('fake', input('inv-a'));
    const b = await paylinks.create('fake', input('inv-b'));
    await ledger.observe({
      provider: 'fake',
      linkId: 'gone',
      status: linkStatus('open', 'active'),
      body: {},
    });
    fake.setStatus(a.id, 'paid', 'paid');
    expect((await paylinks.sync({ staleAfterMs: 60_000 })).links.claimed).toBe(0);
    const report = await paylinks.sync({ staleAfterMs: 0, leaseMs: 10_000 });
    expect(report.links).toEqual({ claimed: 3, applied: 1, unchanged: 1, refused: 0, foreign: 0, failed: 1 });
    expect((await ledger.link('fake', a.id))?.status.unified).toBe('paid');
    expect((await ledger.link('fake', b.id))?.status.unified).toBe('open');
    // The failed link keeps its claim until the lease lapses.
    expect((await paylinks.sync({ staleAfterMs: 0 })).links).toMatchObject({ claimed: 1, unchanged: 1 });
  });

  it('hands each fulfilment to the handler with a stable id until it succeeds', async () => {
    const fake = fakeProvider();
    const ledger = createMemoryLedger();
    const paylinks = createLedgerClient({ ledger, links: { fake: fake.client } });
    const link = await paylinks.create('fake', input('inv-1'));
    fake.setStatus(link.id, 'paid', 'paid');
    await paylinks.handleWebhook('fake', webhook({ id: 'evt-1', linkId: link.id }));
    const seen: string[] = [];
    const errors: unknown[] = [];
    let fail = true;
    const worker = paylinks.fulfilments(
      async (fulfilment) => {
        seen.push(`${fulfilment.id}:${fulfilment.status}:${fulfilment.reference}:${fulfilment.attempts}`);
        if (fail) throw new Error('warehouse down');
      },
      { retryDelayMs: () => 0, onError: (_, e) => errors.push(e), pollMs: 5 },
    );
    expect(await worker.runOnce()).toEqual({ claimed: 1, done: 0, failed: 1, lost: 0 });
    fail = false;
    worker.start();
    while ((await ledger.counts()).fulfilments.done === 0) await new Promise((r) => setTimeout(r, 5));
    await worker.stop();
    const id = fulfilmentId('fake', link.id, 'paid');
    expect(seen).toEqual([`${id}:paid:inv-1:1`, `${id}:paid:inv-1:2`]);
    expect(errors).toHaveLength(1);
    expect(await worker.runOnce()).toEqual({ claimed: 0, done: 0, failed: 0, lost: 0 });
  });

  it('throws the provider error when the re-fetch fails, so the provider delivers again', async () => {
    const fake = fakeProvider();
    const broken = fromProvider({ ...fake.provider, get: () => TE.left(notFoundError({ message: 'gone' })) });
    const paylinks = createLedgerClient({ ledger: createMemoryLedger(), links: { fake: broken } });
    expect(await tagOf(paylinks.handleWebhook('fake', webhook({ id: 'e', linkId: 'x' })))).toBe(
      'NotFoundError',
    );
  });
});
