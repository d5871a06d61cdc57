// describeLedgerContract: the vitest scenarios every Ledger implementation passes.
import { setTimeout as sleep } from 'node:timers/promises';

import { describe, expect, it } from 'vitest';

import { linkStatus, type LinkStatus } from '@paylinks/core/adapter';

import { fulfilmentId, type IntentClaimRequest, type Ledger, type LinkObservation } from '../ledger.js';

// Fixtures shared by every case: one intent key, and observations of one Cost+ link.
const paid = linkStatus('paid', 'completed');
const open = linkStatus('open', 'new');
const retrying = linkStatus('open', 'all_unsuccessful');
const processing = linkStatus('processing', 'processing');
const expired = linkStatus('expired', 'expired');
const key = { provider: 'costplus', scope: 'merchant-1', reference: 'inv-1' };
const claimOf = (owner: string, leaseMs = 10_000): IntentClaimRequest => ({
  ...key,
  idempotencyKey: `key-${owner}`,
  fingerprint: 'f1',
  input: { reference: 'inv-1', amount: { amount: 995, currency: 'EUR' } },
  owner,
  leaseMs,
});
const seen = (linkId: string, status: LinkStatus, extra: Partial<LinkObservation> = {}): LinkObservation => ({
  provider: 'costplus',
  linkId,
  status,
  body: { id: linkId, status: status.raw },
  ...extra,
});

/**
 * The behaviour every {@link Ledger} must have, as vitest cases: the
 * in-memory ledger and `@paylinks/postgres` both run it. `make` gives a
 * fresh, empty ledger per case. Leases in these cases are tens of
 * milliseconds and the cases wait for them to lapse, so the implementation
 * needs no clock of its own.
 */
export function describeLedgerContract<Tx>(name: string, make: () => Promise<Ledger<Tx>>): void {
  // Most cases observe links no intent stands behind and expect their fulfilments: they opt in.
  const fulfilling = async (): Promise<Ledger<Tx>> => {
    const ledger = await make();
    return { ...ledger, observe: (o, opts) => ledger.observe(o, { fulfilForeign: true, ...opts }) };
  };
  describe(`${name}: the Ledger contract`, () => {
    describeIntentClaims(make);
    describeIntentDecisions(make);
    describeStatusMoves(fulfilling);
    describeDeliveryKeys(fulfilling);
    describeStaleLinks(fulfilling);
    describeFulfilments(fulfilling);
    describeInputChecks(make);
    describeLosslessText(fulfilling);
    describeForeignLinks(make);
  });
}

// The exception a refused input rejects with: a ValidationError naming the field.
const refusedField = (field: string) =>
  expect.objectContaining({
    name: 'PaymentLinkException',
    error: expect.objectContaining({ _tag: 'ValidationError', field, retryable: false }),
  });

// Every input is checked before any write, with the same limits in every ledger.
function describeInputChecks<Tx>(make: () => Promise<Ledger<Tx>>): void {
  it('refuses keys a database cannot index or hold, before anything is written', async () => {
    const ledger = await make();
    const refused: Array<[string, () => Promise<unknown>]> = [
      ['reference', () => ledger.claimIntent({ ...claimOf('a'), reference: 'r'.repeat(1024 * 1024) })],
      ['reference', () => ledger.claimIntent({ ...claimOf('a'), reference: 'inv\u00001' })],
      ['reference', () => ledger.claimIntent({ ...claimOf('a'), reference: 'inv\n1' })],
      ['reference', () => ledger.claimIntent({ ...claimOf('a'), reference: 'inv-\ud800' })],
      ['reference', () => ledger.claimIntent({ ...claimOf('a'), reference: '' })],
      ['scope', () => ledger.claimIntent({ ...claimOf('a'), scope: 'm\u0000' })],
      ['provider', () => ledger.claimIntent({ ...claimOf('a'), provider: 'p'.repeat(65) })],
      ['owner', () => ledger.claimIntent({ ...claimOf('a'), owner: 'a\u0000' })],
      ['leaseMs', () => ledger.claimIntent({ ...claimOf('a'), leaseMs: Number.NaN })],
      ['leaseMs', () => ledger.claimIntent({ ...claimOf('a'), leaseMs: -1 })],
      ['linkId', () => ledger.observe(seen('l\u00001', open))],
      ['linkId', () => ledger.completeIntent(key, seen('x'.repeat(256), open))],
      ['deliveryKey', () => ledger.observe(seen('l1', open), { deliveryKey: 'k\u0000' })],
      ['deliveryKey', () => ledger.seen('k'.repeat(513))],
      ['limit', () => ledger.claimFulfilments({ owner: 'w', leaseMs: 10, limit: 1.5 })],
      [
        'providers',
        () =>
          ledger.claimStaleLinks({
            owner: 'w',
            staleAfterMs: 0,
            leaseMs: 10,
            limit: 1,
            providers: 'costplus' as never,
          }),
      ],
      ['reference', () => ledger.linkByReference({ ...key, reference: 'r'.repeat(256) })],
    ];
    for (const [field, call] of refused) await expect(call(), field).rejects.toEqual(refusedField(field));
    expect(await ledger.counts()).toEqual({
      intents: { pending: 0, created: 0, needs_attention: 0 },
      links: {},
      deliveries: 0,
      fulfilments: { pending: 0, done: 0 },
    });
  });

  it('keys references in NFC: one visible reference is one intent and one link', async () => {
    const ledger = await make();
    const nfc = { ...claimOf('a'), reference: 'caf\u00e9-1' };
    const nfd = { ...claimOf('b'), reference: 'cafe\u0301-1' };
    expect((await ledger.claimIntent(nfc)).kind).toBe('started');
    const second = await ledger.claimIntent(nfd);
    expect(second.kind).toBe('busy');
    expect(second.intent).toMatchObject({ reference: 'caf\u00e9-1', idempotencyKey: 'key-a' });
    await ledger.completeIntent({ ...key, reference: nfd.reference }, seen('link-n', open));
    expect((await ledger.linkByReference({ ...key, reference: nfc.reference }))?.linkId).toBe('link-n');
    expect((await ledger.counts()).intents).toEqual({ pending: 0, created: 1, needs_attention: 0 });
  });
}

// Provider text is kept as the provider sent it, whatever the store cannot hold natively.
function describeLosslessText<Tx>(make: () => Promise<Ledger<Tx>>): void {
  it('gives back provider text with NUL, lone surrogates and escape-like text exactly as recorded', async () => {
    const ledger = await make();
    const awkward = {
      'desc\u0000ription': 'Order\u0000 1 \ud800 end',
      plain: 'nothing to escape',
      percent: '%00 and %25 are text here',
      marker: '\uffff\u0000 and \uffffpaylinks:%00',
      nested: [{ '\u0000': ['\u0000', 1, null, true] }],
    };
    const status = linkStatus('paid', 'comp\u0000leted', 'card\u0000declined \udc00');
    await ledger.observe({ ...seen('nul-1', status), body: awkward, reference: 'r-nul' });
    const link = await ledger.link('costplus', 'nul-1');
    expect(link?.body).toEqual(awkward);
    expect(link?.status).toEqual(status);
    const [fulfilment] = await ledger.claimFulfilments({ owner: 'w', leaseMs: 10_000, limit: 5 });
    expect(fulfilment?.rawStatus).toBe('comp\u0000leted');
    await ledger.failFulfilment(fulfilment!.id, 'w', 'handler said \u0000 \ud800', 0);
    const [again] = await ledger.claimFulfilments({ owner: 'w', leaseMs: 10_000, limit: 5 });
    expect(again?.lastError).toBe('handler said \u0000 \ud800');

    const input = { reference: 'inv-1', description: 'with \u0000 NUL', metadata: { 'k\u0000': 'v\ud800' } };
    await ledger.claimIntent({ ...claimOf('a'), input });
    expect((await ledger.intent(key))?.input).toEqual(input);
    await ledger.flagIntent(key, 'a', 'note with \u0000');
    expect((await ledger.intent(key))?.note).toBe('note with \u0000');
  });
}

// Links made outside the ledger are recorded but not fulfilled.
function describeForeignLinks<Tx>(make: () => Promise<Ledger<Tx>>): void {
  it('records a link it never created as foreign and queues nothing, unless asked to', async () => {
    const ledger = await make();
    expect(await ledger.observe(seen('made-elsewhere', open))).toEqual({ outcome: 'foreign', status: open });
    expect(await ledger.observe(seen('made-elsewhere', paid))).toEqual({
      outcome: 'foreign',
      previous: open,
      status: paid,
    });
    expect((await ledger.link('costplus', 'made-elsewhere'))?.status).toEqual(paid);
    expect((await ledger.counts()).fulfilments).toEqual({ pending: 0, done: 0 });
    // Opted in: fulfilled as before.
    expect(await ledger.observe(seen('opted-in', paid), { fulfilForeign: true })).toEqual({
      outcome: 'applied',
      status: paid,
      fulfilmentId: fulfilmentId('costplus', 'opted-in', 'paid'),
    });
    // A webhook that beats the create's answer: the pending intent for its reference stands behind it.
    await ledger.claimIntent(claimOf('a'));
    const early = await ledger.observe(seen('link-early', paid, { ...key }));
    expect(early).toMatchObject({
      outcome: 'applied',
      fulfilmentId: fulfilmentId('costplus', 'link-early', 'paid'),
    });
    await ledger.completeIntent(key, seen('link-early', open));
    // A foreign link adopted later gets the fulfilment of the final status it holds.
    const adopted = { ...key, reference: 'inv-adopted' };
    await ledger.completeIntent(adopted, seen('made-elsewhere', open));
    const queued = await ledger.claimFulfilments({ owner: 'w', leaseMs: 10_000, limit: 10 });
    expect(queued.map((f) => [f.linkId, f.status, f.reference]).sort()).toEqual([
      ['link-early', 'paid', 'inv-1'],
      ['made-elsewhere', 'paid', 'inv-adopted'],
      ['opted-in', 'paid', undefined],
    ]);
  });
}

// One intent per key, and who holds its claim.
function describeIntentClaims<Tx>(make: () => Promise<Ledger<Tx>>): void {
  it('records one intent per key: the first claim starts it, the others wait, then read the link', async () => {
    const ledger = await make();
    const claims = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((o) => ledger.claimIntent(claimOf(o))));
    expect(claims.filter((c) => c.kind === 'started')).toHaveLength(1);
    expect(claims.filter((c) => c.kind === 'busy')).toHaveLength(4);
    const starter = claims.find((c) => c.kind === 'started')!.intent;
    expect(new Set(claims.map((c) => c.intent.idempotencyKey))).toEqual(new Set([starter.idempotencyKey]));
    expect(starter).toMatchObject({ ...key, state: 'pending', fingerprint: 'f1', claims: 1 });
    expect(starter.input).toEqual({ reference: 'inv-1', amount: { amount: 995, currency: 'EUR' } });

    expect(await ledger.completeIntent(key, seen('link-1', open))).toEqual({ linkId: 'link-1' });
    // A second completion (a late duplicate) keeps the first link.
    expect(await ledger.completeIntent(key, seen('link-2', open))).toEqual({ linkId: 'link-1' });
    const after = await ledger.claimIntent(claimOf('f'));
    expect(after.kind).toBe('created');
    expect(after.intent.linkId).toBe('link-1');
    const link = await ledger.linkByReference(key);
    expect(link).toMatchObject({
      provider: 'costplus',
      linkId: 'link-1',
      scope: 'merchant-1',
      reference: 'inv-1',
    });
    expect(link?.status).toEqual(open);
    expect(link?.body).toEqual({ id: 'link-1', status: 'new' });
    expect(await ledger.linkByReference({ ...key, scope: 'merchant-2' })).toBeUndefined();
  });

  it('lets another process take over an intent whose claim lapsed or was released', async () => {
    const ledger = await make();
    // A claim that holds keeps others out: its lease far outlasts the test, so a slow machine cannot
    // let it lapse between the two claims (a 40 ms lease did, once, at load average 25).
    const held = { ...key, reference: 'inv-held' };
    expect((await ledger.claimIntent({ ...claimOf('a', 60_000), ...held })).kind).toBe('started');
    expect((await ledger.claimIntent({ ...claimOf('b', 60_000), ...held })).kind).toBe('busy');
    // A claim that lapsed lets another process take the intent over.
    expect((await ledger.claimIntent(claimOf('a', 40))).kind).toBe('started');
    await sleep(80);
    const takeover = await ledger.claimIntent(claimOf('b', 10_000));
    expect(takeover.kind).toBe('recovering');
    expect(takeover.intent).toMatchObject({ owner: 'b', claims: 2, idempotencyKey: 'key-a' });
    await ledger.releaseIntent(key, 'a'); // not a's any more: no effect
    expect((await ledger.claimIntent(claimOf('c'))).kind).toBe('busy');
    await ledger.releaseIntent(key, 'b');
    expect((await ledger.claimIntent(claimOf('c'))).kind).toBe('recovering');
  });

  it('hands lapsed intents to one recovering worker', async () => {
    const ledger = await make();
    await ledger.claimIntent(claimOf('a', 20));
    await ledger.claimIntent({ ...claimOf('a', 20), reference: 'inv-2' });
    await ledger.claimIntent({ ...claimOf('a', 60_000), reference: 'inv-3' });
    await sleep(60);
    const [first, second] = await Promise.all([
      ledger.claimLapsedIntents({ owner: 'w1', leaseMs: 10_000, limit: 10 }),
      ledger.claimLapsedIntents({ owner: 'w2', leaseMs: 10_000, limit: 10 }),
    ]);
    const refs = [...first!, ...second!].map((i) => i.reference).sort();
    expect(refs).toEqual(['inv-1', 'inv-2']);
    expect(
      await ledger.claimLapsedIntents({ owner: 'w3', leaseMs: 10_000, limit: 10, providers: ['conomy'] }),
    ).toEqual([]);
  });
}

// Intents a process gave up on or a person must decide.
function describeIntentDecisions<Tx>(make: () => Promise<Ledger<Tx>>): void {
  it('forgets an abandoned intent and flags one that needs a person', async () => {
    const ledger = await make();
    await ledger.claimIntent(claimOf('a'));
    await ledger.abandonIntent(key, 'b'); // not b's: kept
    expect((await ledger.intent(key))?.state).toBe('pending');
    await ledger.abandonIntent(key, 'a');
    expect(await ledger.intent(key)).toBeUndefined();
    expect((await ledger.claimIntent(claimOf('b'))).kind).toBe('started');
    await ledger.flagIntent(key, 'b', 'look at the dashboard');
    const flagged = await ledger.claimIntent(claimOf('c'));
    expect(flagged.kind).toBe('needs_attention');
    expect(flagged.intent.note).toBe('look at the dashboard');
    expect((await ledger.intents({ state: 'needs_attention' })).map((i) => i.reference)).toEqual(['inv-1']);
    expect(await ledger.intents({ state: 'needs_attention', provider: 'conomy' })).toEqual([]);
    expect((await ledger.counts()).intents).toEqual({ pending: 0, created: 0, needs_attention: 1 });
    await ledger.abandonIntent(key); // a person: no link was made
    expect((await ledger.claimIntent(claimOf('d'))).kind).toBe('started');
  });
}

// Statuses move only along the state machine, and each final one is enqueued once.
function describeStatusMoves<Tx>(make: () => Promise<Ledger<Tx>>): void {
  it('advances a status only along legal transitions and enqueues each final status once', async () => {
    const ledger = await make();
    const first = await ledger.observe(seen('l1', open, { scope: 's', reference: 'r1' }));
    expect(first).toEqual({ outcome: 'applied', status: open });
    expect(await ledger.observe(seen('l1', open))).toMatchObject({ outcome: 'unchanged', previous: open });
    expect(await ledger.observe(seen('l1', retrying))).toMatchObject({
      outcome: 'applied',
      previous: open,
    });
    const toPaid = await ledger.observe(seen('l1', paid));
    expect(toPaid).toEqual({
      outcome: 'applied',
      previous: retrying,
      status: paid,
      fulfilmentId: fulfilmentId('costplus', 'l1', 'paid'),
    });
    expect(await ledger.observe(seen('l1', open))).toEqual({
      outcome: 'refused',
      previous: paid,
      status: paid,
    });
    expect(await ledger.observe(seen('l1', expired))).toMatchObject({ outcome: 'refused', status: paid });
    expect(await ledger.observe(seen('l1', paid))).toEqual({
      outcome: 'unchanged',
      previous: paid,
      status: paid,
    });
    const link = await ledger.link('costplus', 'l1');
    expect(link).toMatchObject({ scope: 's', reference: 'r1', status: paid });

    // expired, then a late capture: two final statuses, two fulfilments.
    await ledger.observe(seen('l2', open));
    const exp = await ledger.observe(seen('l2', expired));
    expect(exp.fulfilmentId).toBe(fulfilmentId('costplus', 'l2', 'expired'));
    const late = await ledger.observe(seen('l2', paid));
    expect(late.fulfilmentId).toBe(fulfilmentId('costplus', 'l2', 'paid'));
    // A link first seen in a final status enqueues it too.
    expect((await ledger.observe(seen('l3', paid))).fulfilmentId).toBe(
      fulfilmentId('costplus', 'l3', 'paid'),
    );
    const counts = await ledger.counts();
    expect(counts.links).toEqual({ paid: 3 });
    expect(counts.fulfilments).toEqual({ pending: 4, done: 0 });
  });

  it('keeps paid whatever order concurrent observations land in, with one fulfilment', async () => {
    const ledger = await make();
    for (let round = 0; round < 5; round += 1) {
      const linkId = `race-${round}`;
      await ledger.observe(seen(linkId, open));
      const statuses = [open, processing, paid, open, retrying, paid, expired, open, processing, paid];
      const results = await Promise.all(statuses.map((s) => ledger.observe(seen(linkId, s))));
      expect((await ledger.link('costplus', linkId))?.status).toEqual(paid);
      const enqueued = results.filter((r) => r.fulfilmentId !== undefined).map((r) => r.fulfilmentId);
      // expired may win the race before paid (a legal expired -> paid); paid is enqueued exactly once.
      expect(enqueued.filter((id) => id === fulfilmentId('costplus', linkId, 'paid'))).toHaveLength(1);
      expect(new Set(enqueued).size).toBe(enqueued.length);
    }
  });
}

// Webhook delivery keys and their retention.
function describeDeliveryKeys<Tx>(make: () => Promise<Ledger<Tx>>): void {
  it('remembers delivery keys for their retention window', async () => {
    const ledger = await make();
    expect(await ledger.seen('costplus:evt-1')).toBe(false);
    // A retention long enough that a loaded machine's slow round trips never outlast it before the first check.
    await ledger.observe(seen('l1', open), { deliveryKey: 'costplus:evt-1', retentionMs: 1500 });
    await ledger.observe(seen('l1', open), { deliveryKey: 'costplus:evt-2' });
    expect(await ledger.seen('costplus:evt-1')).toBe(true);
    await sleep(1600);
    expect(await ledger.seen('costplus:evt-1')).toBe(false);
    expect(await ledger.seen('costplus:evt-2')).toBe(true);
    expect(await ledger.purgeDeliveries()).toBe(1);
    expect((await ledger.counts()).deliveries).toBe(1);
  });
}

// Links that sync re-fetches.
function describeStaleLinks<Tx>(make: () => Promise<Ledger<Tx>>): void {
  it('claims stale links that are not final, one worker at a time', async () => {
    const ledger = await make();
    await ledger.observe(seen('s1', open));
    await ledger.observe(seen('s2', processing));
    await ledger.observe(seen('s3', paid));
    await ledger.observe({ ...seen('h1', open), provider: 'hsa-provider' });
    expect(
      await ledger.claimStaleLinks({ owner: 'w1', staleAfterMs: 60_000, leaseMs: 10_000, limit: 10 }),
    ).toEqual([]);
    await sleep(30);
    const [a, b] = await Promise.all([
      ledger.claimStaleLinks({
        owner: 'w1',
        staleAfterMs: 10,
        leaseMs: 10_000,
        limit: 10,
        providers: ['costplus'],
      }),
      ledger.claimStaleLinks({
        owner: 'w2',
        staleAfterMs: 10,
        leaseMs: 10_000,
        limit: 10,
        providers: ['costplus'],
      }),
    ]);
    expect([...a!, ...b!].map((l) => l.linkId).sort()).toEqual(['s1', 's2']);
    // Observing a link frees its claim; the other stays claimed until its lease lapses.
    await ledger.observe(seen('s1', open));
    await sleep(30);
    const again = await ledger.claimStaleLinks({
      owner: 'w3',
      staleAfterMs: 10,
      leaseMs: 10_000,
      limit: 10,
    });
    expect(again.map((l) => l.linkId).sort()).toEqual(['h1', 's1']);
  });
}

// Fulfilments: leases, retries, done once.
function describeFulfilments<Tx>(make: () => Promise<Ledger<Tx>>): void {
  it('hands each fulfilment to one worker, again after its lease lapses, and marks it done once', async () => {
    const ledger = await make();
    await ledger.observe(seen('f1', paid, { scope: 'm', reference: 'r-f1' }));
    // Two workers at once get it once; the lease (2 s) outlasts any stall between their two claims.
    const [w1, w2] = await Promise.all([
      ledger.claimFulfilments({ owner: 'w1', leaseMs: 2_000, limit: 5 }),
      ledger.claimFulfilments({ owner: 'w2', leaseMs: 2_000, limit: 5 }),
    ]);
    const claimed = [...w1!, ...w2!];
    expect(claimed).toHaveLength(1);
    expect(claimed[0]).toMatchObject({
      id: fulfilmentId('costplus', 'f1', 'paid'),
      provider: 'costplus',
      linkId: 'f1',
      scope: 'm',
      reference: 'r-f1',
      status: 'paid',
      rawStatus: 'completed',
      attempts: 1,
    });
    const first = claimed[0]!;
    const firstOwner = w1!.length === 1 ? 'w1' : 'w2';
    await sleep(2_100);
    const reclaimed = await ledger.claimFulfilments({ owner: 'w3', leaseMs: 10_000, limit: 5 });
    expect(reclaimed.map((f) => [f.id, f.attempts])).toEqual([[first.id, 2]]);
    let ran = 0;
    expect(await ledger.completeFulfilment(first.id, firstOwner, async () => void (ran += 1))).toBe(false);
    expect(ran).toBe(0);
    await expect(
      ledger.completeFulfilment(first.id, 'w3', async () => {
        throw new Error('warehouse down');
      }),
    ).rejects.toThrow('warehouse down');
    // Retried after 1 s: long enough that the claim just after it cannot see it due on a slow machine.
    await ledger.failFulfilment(first.id, 'w3', 'warehouse down', 1_000);
    expect(await ledger.claimFulfilments({ owner: 'w4', leaseMs: 10_000, limit: 5 })).toEqual([]);
    await sleep(1_100);
    const retried = await ledger.claimFulfilments({ owner: 'w4', leaseMs: 10_000, limit: 5 });
    expect(retried.map((f) => [f.attempts, f.lastError])).toEqual([[3, 'warehouse down']]);
    expect(await ledger.completeFulfilment(first.id, 'w4', async () => void (ran += 1))).toBe(true);
    expect(ran).toBe(1);
    expect(await ledger.completeFulfilment(first.id, 'w4', async () => void (ran += 1))).toBe(false);
    expect((await ledger.counts()).fulfilments).toEqual({ pending: 0, done: 1 });
    await sleep(50);
    expect(await ledger.claimFulfilments({ owner: 'w5', leaseMs: 10_000, limit: 5 })).toEqual([]);
  });
}
