import { setTimeout as sleep } from 'node:timers/promises';

import { conomy } from '@paylinks/conomy';
import { startConomySimulator, type ConomySimulator } from '@paylinks/conomy/simulator';
import {
  canTransition,
  type CreatePaymentLinkInput,
  fromProvider,
  isFinal,
  type PaymentLinks,
  type UnifiedStatus,
} from '@paylinks/core';
import { type Ledger } from '@paylinks/ledger';
import { startWebhookReceiver, type WebhookReceiver } from '@paylinks/testing';
import { costplus } from '@paylinks/costplus';
import { startCostplusSimulator, type CostplusSimulator } from '@paylinks/costplus/simulator';
import { hsaProvider, signHsaWebhook } from '@paylinks/hsa-provider';
import { startHsaSimulator, type HsaSimulator } from '@paylinks/hsa-provider/simulator';

import type { WorkerCommand, WorkerReply } from './ledger-worker.mjs';
import type { ProofWorkers, WorkerConfig } from './ledger-workers.js';
import { seeded } from './prng.js';
import { Tally } from './results.js';

// The scenario of issue 15's proof, run against worker processes on PostgreSQL or against
// in-process workers on the in-memory ledger: logical creates issued twice at once, webhook
// deliveries duplicated, shuffled and late, links that get no webhook at all, and (with forked
// workers) SIGKILLs at fixed points of progress. Every figure is counted, none assumed.

export const providers = ['costplus', 'conomy', 'hsa-provider'] as const;
type Provider = (typeof providers)[number];
const hour = 3_600_000;

/** The three simulators, one webhook receiver each, and adapter clients for the payer's side. */
export interface ProofProviders {
  readonly costplus: CostplusSimulator;
  readonly conomy: ConomySimulator;
  readonly hsa: HsaSimulator;
  readonly receivers: Readonly<Record<'costplus' | 'conomy', WebhookReceiver>>;
  /** Adapter clients on the simulators' own clocks (the payer, the merchant's dashboard). */
  readonly truth: Readonly<Record<Provider, PaymentLinks>>;
  /** What the workers need: adapter settings without functions. */
  readonly workerConfig: WorkerConfig;
  close(): Promise<void>;
}

export async function startProofProviders(): Promise<ProofProviders> {
  const receivers = { costplus: await startWebhookReceiver(), conomy: await startWebhookReceiver() };
  // Webhooks are answered 200 by the receivers; the proof re-delivers them itself. The HSA simulator
  // sends its events one at a time, in order (a few dozen a second); the proof takes them from its
  // event log instead and signs each body as the provider does, with the simulator's secret and clock.
  // A receiver slow to answer on a busy machine gets the webhook again soon, not minutes later.
  const sending = { webhookRetryDelaysMs: [200, 1000], webhookTimeoutMs: 30_000 };
  const [cp, co, hsa] = await Promise.all([
    startCostplusSimulator(sending),
    startConomySimulator({ webhookUrl: receivers.conomy.url, ...sending }),
    startHsaSimulator({ rateLimitPerMinute: 10_000_000 }),
  ]);
  const plain = (settings: object) =>
    Object.fromEntries(Object.entries(settings).filter(([, v]) => typeof v !== 'function'));
  // Timeouts allow for a busy 2-core machine; the create lease outlasts a create with its retry.
  const retry = { maxRetries: 1, baseDelayMs: 5, maxDelayMs: 50 };
  const payer = { timeoutMs: 10_000, retry: { maxRetries: 4, baseDelayMs: 50, maxDelayMs: 500 } };
  const workerSettings = {
    costplus: { ...plain(cp.adapterSettings()), retry, timeoutMs: 3000 },
    conomy: { ...plain(co.adapterSettings()), retry, timeoutMs: 3000 },
    // The simulator's clock jumps two hours ahead (expiry) while the workers read the real time:
    // signatures are still checked, with a window wide enough for that jump.
    'hsa-provider': {
      ...plain(hsa.adapterSettings()),
      retry,
      timeoutMs: 3000,
      webhookToleranceSeconds: 4 * 3600,
    },
  };
  return {
    costplus: cp,
    conomy: co,
    hsa,
    receivers,
    truth: {
      // A request that gets no answer (seen rarely on a loaded machine) is tried again, not waited on.
      costplus: fromProvider(costplus({ ...(cp.adapterSettings() as { apiKey: string }), ...payer })),
      conomy: fromProvider(conomy({ ...co.adapterSettings(), ...payer })),
      'hsa-provider': fromProvider(hsaProvider({ ...hsa.adapterSettings(), ...payer })),
    },
    workerConfig: { settings: workerSettings, createLeaseMs: 8000, fulfilmentLeaseMs: 3000 },
    async close() {
      await Promise.all([
        cp.close(),
        co.close(),
        hsa.close(),
        ...Object.values(receivers).map((r) => r.close()),
      ]);
    },
  };
}

/** How the proof reads what the ledger and the fulfilment handlers wrote. */
export interface ProofInspection {
  readonly ledger: Ledger<unknown>;
  /** Rows the fulfilment handlers wrote through their transaction. */
  fulfilled(): Promise<
    ReadonlyArray<{ readonly fulfilmentId: string; readonly linkKey: string; readonly status: string }>
  >;
  /** Every status change the ledger made to a known link, old and new. */
  transitions(): Promise<ReadonlyArray<{ readonly from: UnifiedStatus; readonly to: UnifiedStatus }>>;
  /** Fulfilment rows, done or not. */
  fulfilments(): Promise<
    ReadonlyArray<{
      readonly id: string;
      readonly linkKey: string;
      readonly status: string;
      readonly done: boolean;
    }>
  >;
}

/** The size of the run. */
export interface ProofOptions {
  readonly logicalCreates: number;
  readonly deliveries: number;
  /** SIGKILLs at points of progress: during creates, during deliveries, during sync. */
  readonly kills: { readonly creates: number; readonly deliveries: number; readonly sync: number };
  readonly seed: number;
  /**
   * Database restarts (PostgreSQL: immediate shutdown, then start on the same port and data
   * directory): one in the middle of the creates, one while fulfilment handlers are inside their
   * transactions (during the deliveries), one during a sync round, as many as each count says.
   */
  readonly restarts?: {
    /** Restarts the database; answers how long it was down, in ms. */
    readonly restart: () => Promise<number>;
    readonly creates: number;
    readonly inTransactions: number;
    readonly sync: number;
  };
}

/** What the database restarts did, for the figures. */
class Restarts {
  readonly downMs: number[] = [];
  readonly by = new Tally();
  /** Handlers that had started and not returned when a restart began (inside their transaction). */
  handlersInsideTransactions = 0;
  private running = Promise.resolve();
  constructor(private readonly restart: (() => Promise<number>) | undefined) {}
  /** Starts one restart after any in progress; `await settled()` waits for all. */
  begin(phase: string, inFlight = 0): void {
    const restart = this.restart;
    if (restart === undefined) return;
    this.running = this.running.then(async () => {
      this.handlersInsideTransactions += inFlight;
      this.by.add(phase);
      this.downMs.push(await restart());
    });
  }
  settled(): Promise<void> {
    return this.running;
  }
}

interface Plan {
  readonly n: number;
  readonly provider: Provider;
  readonly reference: string;
  readonly final: 'paid' | 'expired' | 'cancelled';
  readonly failFirst: boolean;
  /** Gets no webhook at all: only sync can finish it. */
  readonly silent: boolean;
}

function planOf(n: number): Plan {
  const provider = providers[n % 3] as Provider;
  const k = Math.floor(n / 3);
  const final = k % 4 === 0 ? 'expired' : provider === 'hsa-provider' && k % 4 === 2 ? 'cancelled' : 'paid';
  return { n, provider, reference: `proof-${n}`, final, failFirst: k % 4 !== 3, silent: n % 10 === 7 };
}

function inputOf(plan: Plan, receivers: ProofProviders['receivers']): CreatePaymentLinkInput {
  const base = {
    reference: plan.reference,
    description: `Ledger proof ${plan.n}`,
    successUrl: 'https://merchant.example/paid',
    ...(plan.final === 'expired' ? { expiresIn: 'PT1H' } : {}),
  };
  switch (plan.provider) {
    case 'costplus':
      return {
        ...base,
        amount: { amount: 1000 + plan.n, currency: 'EUR' },
        failureUrl: 'https://merchant.example/failed',
        webhookUrl: receivers.costplus.url,
      };
    case 'conomy':
      return {
        ...base,
        amount: { amount: 1000 + plan.n, currency: 'CLP' },
        failureUrl: 'https://merchant.example/failed',
        providerOptions: { conomy: { checkoutToken: plan.reference } },
      };
    case 'hsa-provider':
      // An explicit expiry: the ledger fixes it when the intent is recorded, so a retry with the same
      // idempotency key sends the same body (the adapter's own default is computed at each call).
      return { expiresIn: 'P15D', ...base, amount: { amount: 1000 + plan.n, currency: 'USD' } };
  }
}

/** Runs commands on the workers, again elsewhere when a worker dies or fails, as callers retry. */
function dispatcher(workers: ProofWorkers, random: ReturnType<typeof seeded>, onReply: () => void) {
  const tally = new Tally();
  async function pick(except?: number): Promise<number> {
    for (;;) {
      const ready = workers.ready().filter((s) => s !== except);
      if (ready.length > 0) return random.pick(ready);
      await sleep(20);
    }
  }
  async function once(slot: number, command: WorkerCommand): Promise<WorkerReply | undefined> {
    const reply = await workers.send(slot, command);
    onReply();
    tally.add(reply === undefined ? 'killed' : reply.ok ? 'ok' : `error ${reply.tag}`);
    return reply;
  }
  /** Sends until a worker answers ok (or `stop` says the answer is final). */
  async function run(
    command: WorkerCommand,
    stop: (reply: WorkerReply) => boolean = () => false,
  ): Promise<WorkerReply> {
    for (let tries = 1; ; tries += 1) {
      const reply = await once(await pick(), command);
      if (reply !== undefined && (reply.ok || stop(reply))) return reply;
      if (tries >= 200) throw new Error(`command ${command.op} failed 200 times: ${JSON.stringify(reply)}`);
      await sleep(Math.min(20 * tries, 500));
    }
  }
  return { pick, once, run, tally };
}

async function inBatches<A>(items: ReadonlyArray<A>, concurrency: number, work: (item: A) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++] as A);
    }),
  );
}

const linkKey = (provider: string, linkId: string) => `${provider}:${linkId}`;
/** How long a sync claim holds in the proof. */
const syncLeaseMs = 4000;

/** A webhook as it reached the platform: its headers and raw body. */
interface Webhook {
  readonly headers: Readonly<Record<string, string>>;
  readonly rawBody: Buffer;
}

/** Runs the proof and answers its figures (plain numbers and objects; no arrays). */
export async function runLedgerProof(
  workers: ProofWorkers,
  sims: ProofProviders,
  inspect: ProofInspection,
  options: ProofOptions,
): Promise<Record<string, unknown>> {
  const started = Date.now();
  const debug = (what: string) => {
    if (process.env['PROOF_DEBUG'] !== undefined)
      console.error(
        `[proof ${Date.now() - started} ms, cpu ${Math.round(process.cpuUsage().user / 1000)} ms] ${what}`,
      );
  };
  const random = seeded(options.seed);
  const { ledger } = inspect;
  const plans = Array.from({ length: options.logicalCreates }, (_, n) => planOf(n));
  // Kills fall due at points of progress; each waits until at least two workers are up (a
  // replacement takes a moment to start), so every planned kill happens.
  let kills = 0;
  let killing = Promise.resolve();
  const killOne = () => {
    killing = killing.then(async () => {
      while (workers.ready().length < 2) await sleep(20);
      workers.kill?.(random.pick(workers.ready()));
      kills += 1;
    });
  };
  let progress = 0;
  let killEvery = Number.POSITIVE_INFINITY;
  let killsLeftInPhase = 0;
  const tick = () => {
    progress += 1;
    if (killsLeftInPhase > 0 && progress % killEvery === 0) {
      killsLeftInPhase -= 1;
      killOne();
    }
  };
  const phase = async (expectedReplies: number, phaseKills: number) => {
    // Kills the previous phase planned but did not reach happen before the next one starts.
    while (killsLeftInPhase > 0) {
      killsLeftInPhase -= 1;
      killOne();
    }
    await killing;
    progress = 0;
    killsLeftInPhase = workers.kill === undefined ? 0 : phaseKills;
    killEvery = Math.max(1, Math.floor(expectedReplies / (phaseKills + 1)));
  };
  const send = dispatcher(workers, random, tick);
  const restarts = new Restarts(options.restarts?.restart);
  // Fulfilment handlers that started and have not returned: inside their transaction.
  let seenEvents = 0;
  let handlersInFlight = 0;
  const handlersInside = () => {
    for (; seenEvents < workers.events.length; seenEvents += 1) {
      const ev = workers.events[seenEvents]!.ev;
      if (ev === 'handler') handlersInFlight += 1;
      if (ev === 'handler-end') handlersInFlight -= 1;
    }
    return handlersInFlight;
  };

  // 1. Logical creates, each issued from two workers at the same moment.
  await phase(2 * options.logicalCreates, options.kills.creates);
  let createReplies = 0;
  const createRestartEvery = Math.floor(
    (2 * options.logicalCreates) / ((options.restarts?.creates ?? 0) + 1),
  );
  const countCreateReply = () => {
    createReplies += 1;
    if (options.restarts !== undefined && createReplies % createRestartEvery === 0) {
      if (createReplies / createRestartEvery <= options.restarts.creates) restarts.begin('creates');
    }
  };
  const creates = new Tally();
  await inBatches(plans, 24, async (plan) => {
    const command: WorkerCommand = {
      op: 'create',
      provider: plan.provider,
      input: inputOf(plan, sims.receivers),
    };
    const first = await send.pick();
    const second = await send.pick(first);
    const replies = await Promise.all([send.once(first, command), send.once(second, command)]);
    replies.forEach(countCreateReply);

    const ids = new Set(replies.flatMap((r) => (r?.ok === true && r.linkId !== undefined ? [r.linkId] : [])));
    creates.add('issued', 2);
    if (ids.size > 1) creates.add('two callers got different links');
    if (ids.size === 0) {
      // Both callers died or failed: the platform retries; a create needing a person stops here.
      const reply = await send.run(command, (r) => !r.ok && r.status === 'needs_attention');
      creates.add('issued');
      creates.add(reply.ok ? 'finished by a retry' : 'needs a person');
    }
  });
  await restarts.settled();
  debug(`creates done: ${JSON.stringify(creates.toJSON())}`);
  // A person resolves the intents that need one, looking at the provider's dashboard (the simulator).
  const findAtProvider = async (provider: string, reference: string): Promise<string | undefined> => {
    if (provider === 'costplus') {
      return sims.costplus
        .linkIds()
        .find((id) => sims.costplus.link(id)?.['merchant_order_id'] === reference);
    }
    if (provider === 'conomy') return (await sims.truth.conomy.reconcile(reference))?.id;
    const found = sims.hsa
      .links()
      .find(
        (l) => (l['metadata'] as Record<string, string> | undefined)?.['paylinks_reference'] === reference,
      );
    return found === undefined ? undefined : String(found['id']);
  };
  for (const intent of await ledger.intents({ state: 'needs_attention' })) {
    const found = await findAtProvider(intent.provider, intent.reference);
    const key = { provider: intent.provider, scope: intent.scope, reference: intent.reference };
    creates.add(`needs a person at ${intent.provider}`);
    debug(`person: ${intent.provider} ${intent.reference}: ${intent.note ?? ''}`);
    if (found !== undefined) {
      await send.run({ op: 'adopt', key, linkId: found });
      creates.add('adopted by a person');
    } else {
      await send.run({ op: 'forget', key });
      const plan = plans.find((p) => p.reference === intent.reference) as Plan;
      await send.run({ op: 'create', provider: plan.provider, input: inputOf(plan, sims.receivers) });
      creates.add('forgotten by a person and created again');
    }
  }
  const linkOf = new Map<string, Plan>();
  const planByReference = new Map(plans.map((p) => [p.reference, p]));
  const linkIds = new Map<number, string>();
  for (const plan of plans) {
    const intent = await ledger.intent({ provider: plan.provider, scope: '', reference: plan.reference });
    if (intent?.state !== 'created' || intent.linkId === undefined) {
      throw new Error(`reference ${plan.reference} has no link after the create phase (${intent?.state})`);
    }
    linkIds.set(plan.n, intent.linkId);
    linkOf.set(linkKey(plan.provider, intent.linkId), plan);
  }
  const simLinks = {
    costplus: sims.costplus.stats().linksCreated,
    conomy: sims.conomy.stats().linksCreated,
    'hsa-provider': sims.hsa.stats().linksCreated,
  };
  const referencesAt = (provider: Provider) => plans.filter((p) => p.provider === provider).length;
  const costplusRefs = new Tally();
  for (const id of sims.costplus.linkIds())
    costplusRefs.add(String(sims.costplus.link(id)?.['merchant_order_id']));
  const hsaRefs = new Tally();
  for (const link of sims.hsa.links()) {
    hsaRefs.add(String((link['metadata'] as Record<string, string> | undefined)?.['paylinks_reference']));
  }
  // References with two links: Cost+ and HSA by scanning their links; Conomy refuses a second link
  // for a checkoutToken, so there more links than references would say it.
  const doubled =
    Object.values(costplusRefs.toJSON()).filter((c) => c > 1).length +
    Object.values(hsaRefs.toJSON()).filter((c) => c > 1).length +
    Math.max(0, simLinks.conomy - referencesAt('conomy'));

  // 2. The payer acts on the hosted pages while workers handle the webhooks those actions send.
  const deliveries = new Tally();
  const outcomes = new Tally();
  const events = new Tally();
  const late: Array<() => Promise<void>> = [];
  const inFlight = new Set<Promise<void>>();
  const copies = new Map<number, { count: number; deliver: () => Promise<void> }>();
  let eventSeq = 0;
  let sent = 0;
  await phase(options.deliveries, options.kills.deliveries);

  // At most 32 deliveries in flight, as a provider's sender pool would have.
  let inFlightDeliveries = 0;
  const slots: Array<() => void> = [];
  const deliver = (provider: Provider, webhook: Webhook) => async () => {
    while (inFlightDeliveries >= 32) await new Promise<void>((resolve) => slots.push(resolve));
    inFlightDeliveries += 1;
    try {
      await deliverNow(provider, webhook);
    } finally {
      inFlightDeliveries -= 1;
      slots.shift()?.();
    }
  };
  const deliverNow = async (provider: Provider, webhook: Webhook) => {
    sent += 1;
    const reply = await send.run({
      op: 'deliver',
      provider,
      headers: webhook.headers,
      body: webhook.rawBody.toString('base64'),
    });
    deliveries.add('handled');
    outcomes.add(reply.ok ? (reply.outcome ?? 'none') : 'error');
  };

  const planOfWebhook = (provider: Provider, webhook: Webhook): Plan | undefined => {
    type Body = { order_id?: string; type?: string; data?: Record<string, unknown> };
    const body = JSON.parse(webhook.rawBody.toString('utf8')) as Body;
    const data = body.data ?? {};
    if (provider === 'costplus') {
      const linkId = sims.costplus.order(String(body.order_id))?.['related_payment_link_id'];
      return linkOf.get(linkKey(provider, String(linkId)));
    }
    if (provider === 'conomy') {
      const transaction = data['transaction'] as { externalId?: string } | undefined;
      return planByReference.get(String(transaction?.externalId));
    }
    const linkId = String(body.type).startsWith('order.') ? data['payment_link_id'] : data['id'];
    return linkOf.get(linkKey(provider, String(linkId)));
  };

  const onWebhook = (provider: Provider) => (webhook: Webhook) => {
    const plan = planOfWebhook(provider, webhook);
    events.add(plan === undefined ? 'unmatched' : plan.silent ? 'dropped (silent link)' : 'delivered');
    if (plan === undefined || plan.silent) return;
    const id = (eventSeq += 1);
    const run = deliver(provider, webhook);
    // Two copies now, spread over the next moments and the workers; more later (late copies).
    copies.set(id, { count: 2, deliver: run });
    for (let copy = 0; copy < 2; copy += 1) {
      const job = sleep(random.int(0, 300)).then(run);
      inFlight.add(job);
      void job.finally(() => inFlight.delete(job));
    }
  };
  const watchers = providers.map((provider) => {
    const handler = onWebhook(provider);
    let seen = 0;
    if (provider === 'hsa-provider') {
      return () => {
        const sent = sims.hsa.events();
        while (seen < sent.length) {
          const event = sent[seen++]!;
          const at = Math.floor(sims.hsa.clock.now().getTime() / 1000);
          const signature = signHsaWebhook(sims.hsa.webhookSecret, event.body, at);
          handler({ headers: { 'x-gale-signature': signature }, rawBody: Buffer.from(event.body) });
        }
      };
    }
    const receiver = sims.receivers[provider];
    return () => {
      while (seen < receiver.received.length) {
        const webhook = receiver.received[seen++]!;
        const headers = Object.fromEntries(
          Object.entries(webhook.headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])),
        );
        handler({ headers, rawBody: webhook.rawBody });
      }
    };
  });
  const polling = setInterval(() => watchers.forEach((drain) => drain()), 10);
  // Restarts while fulfilment handlers are inside their transactions: as soon as two are.
  let insideLeft = options.restarts?.inTransactions ?? 0;
  const watchHandlers = setInterval(() => {
    if (insideLeft <= 0) return;
    const inside = handlersInside();
    if (inside < 2) return;
    insideLeft -= 1;
    restarts.begin('while handlers are inside their transactions', inside);
  }, 5);

  debug('payments start');
  const pay = new Tally();
  await inBatches(plans, 16, async (plan) => {
    const client = sims.truth[plan.provider];
    const id = linkIds.get(plan.n) as string;
    // The page URL from the body the ledger recorded at create (no request); Conomy links start as drafts.
    const recorded = await ledger.link(plan.provider, id);
    const decoded = client.provider.decodeLink?.(recorded?.body);
    let link = decoded?._tag === 'Right' ? decoded.right : await client.get(id);
    if (link.status.unified === 'draft') link = await client.activate(id);
    if (plan.failFirst)
      pay.add(
        `checkout failure ${(await sims[simKey(plan.provider)].checkout(link.url as string, 'failure')).status}`,
      );
    if (plan.final === 'paid')
      pay.add(
        `checkout success ${(await sims[simKey(plan.provider)].checkout(link.url as string, 'success')).status}`,
      );
    if (plan.final === 'cancelled') pay.add(`cancel ${(await client.cancel(id, 'proof')).status.unified}`);
  });
  debug(`payments done ${JSON.stringify(pay.toJSON())}`);
  for (const sim of [sims.costplus, sims.conomy, sims.hsa]) sim.clock.advance(2 * hour);
  await Promise.all([sims.costplus, sims.conomy, sims.hsa].map((s) => s.webhooks.flush()));
  await sleep(50);
  clearInterval(polling);
  watchers.forEach((drain) => drain());
  debug(`webhooks flushed: ${JSON.stringify(events.toJSON())}`);
  while (inFlight.size > 0) await Promise.all([...inFlight]);
  debug(`early deliveries done: ${sent}`);

  // Late copies: the rest of the 2 to 5 copies of each event, shuffled, after everything else.
  const eventsDelivered = copies.size;
  let budget = options.deliveries - 2 * eventsDelivered;
  if (budget < 0 || budget > 3 * eventsDelivered) {
    throw new Error(
      `${eventsDelivered} events cannot make ${options.deliveries} deliveries at 2 to 5 copies each`,
    );
  }
  const open = [...copies.values()];
  while (budget > 0) {
    const entry = random.pick(open.filter((c) => c.count < 5));
    entry.count += 1;
    late.push(entry.deliver);
    budget -= 1;
  }
  for (let i = late.length - 1; i > 0; i -= 1) {
    const j = random.int(0, i);
    [late[i], late[j]] = [late[j] as () => Promise<void>, late[i] as () => Promise<void>];
  }
  await inBatches(late, 16, (job) => job());
  // The handlers may all have finished before two were ever inside at once: wait for them (bounded).
  for (let waited = 0; insideLeft > 0 && waited < 60_000; waited += 20) await sleep(20);
  clearInterval(watchHandlers);
  await restarts.settled();
  debug(`late deliveries done: ${sent} ${JSON.stringify(outcomes.toJSON())}`);
  const copiesPerEvent = new Tally();
  for (const c of copies.values()) copiesPerEvent.add(String(c.count));

  // 3. Sync: the links no webhook reached (silent ones, expiries Conomy does not announce).
  const notFinal = async () => {
    const counts = await ledger.counts();
    return Object.entries(counts.links)
      .filter(([status]) => !isFinal(status as UnifiedStatus))
      .reduce((sum, [, n]) => sum + (n ?? 0), 0);
  };
  const beforeSync = await notFinal();
  let silentNotFinalBeforeSync = 0;
  for (const plan of plans.filter((p) => p.silent)) {
    const link = await ledger.link(plan.provider, linkIds.get(plan.n) as string);
    if (link !== undefined && !isFinal(link.status)) silentNotFinalBeforeSync += 1;
  }
  await phase(0, 0);
  const sync = { rounds: 0, claimed: 0, applied: 0, unchanged: 0, failed: 0 };
  let syncKills = 0;
  while ((await notFinal()) > 0 || (await ledger.intents({ state: 'pending' })).length > 0) {
    sync.rounds += 1;
    if (sync.rounds > 60) throw new Error('sync did not finish the links in 60 rounds');
    const round = workers.ready().map((slot) =>
      send.once(slot, {
        op: 'sync',
        options: { staleAfterMs: 200, limit: 25, leaseMs: syncLeaseMs, concurrency: 4 },
      }),
    );
    if (syncKills < options.kills.sync && workers.kill !== undefined) {
      await sleep(15);
      killOne();
      await killing;
      syncKills += 1;
    }
    if (restarts.by.get('sync') < (options.restarts?.sync ?? 0)) {
      await sleep(15);
      restarts.begin('sync');
      await restarts.settled();
    }
    for (const reply of await Promise.all(round)) {
      if (reply?.ok !== true || reply.report === undefined) continue;
      sync.claimed += reply.report.links['claimed'] ?? 0;
      sync.applied += reply.report.links['applied'] ?? 0;
      sync.unchanged += reply.report.links['unchanged'] ?? 0;
      sync.failed += reply.report.links['failed'] ?? 0;
    }
    await sleep(250);
  }
  while (syncKills < options.kills.sync && workers.kill !== undefined) {
    killOne();
    await killing;
    syncKills += 1;
  }
  debug(`sync done ${JSON.stringify(sync)}`);
  // Two live workers holding the same link at once: a claim inside another owner's lease.
  const claims = workers.events.flatMap((e) =>
    e.ev === 'sync-claimed' ? e.ids.map((id) => ({ id, owner: e.owner, at: e.at })) : [],
  );
  let overlappingClaims = 0;
  const byLink = new Map<string, Array<{ owner: string; at: number }>>();
  for (const c of claims) byLink.set(c.id, [...(byLink.get(c.id) ?? []), c]);
  for (const list of byLink.values()) {
    for (let i = 1; i < list.length; i += 1) {
      const previous = list[i - 1]!;
      const current = list[i]!;
      const diedAt = workers.deaths.get(previous.owner) ?? Number.POSITIVE_INFINITY;
      // Times are when the claims reached this process: half a lease of slack for late messages.
      if (
        current.owner !== previous.owner &&
        current.at - previous.at < syncLeaseMs / 2 &&
        diedAt > current.at
      ) {
        overlappingClaims += 1;
      }
    }
  }

  // 4. Every fulfilment handed over.
  const deadline = Date.now() + 60_000;
  while ((await ledger.counts()).fulfilments.pending > 0) {
    if (Date.now() > deadline) throw new Error('fulfilments still pending after 60 s');
    await sleep(100);
  }
  const handlerCalls = new Tally();
  for (const e of workers.events) if (e.ev === 'handler') handlerCalls.add(e.id);
  const failedTries = new Tally();
  for (const e of workers.events) {
    if (e.ev === 'fulfilment-failed') failedTries.add(`${e.tag}${e.code !== undefined ? ` ${e.code}` : ''}`);
  }

  debug('fulfilments done');
  // 5. Verdicts.
  const wrong = new Tally();
  const finals = new Tally();
  await inBatches(plans, 16, async (plan) => {
    const id = linkIds.get(plan.n) as string;
    const truth = await sims.truth[plan.provider].get(id);
    const held = await ledger.link(plan.provider, id);
    finals.add(`${plan.provider} ${truth.status.unified}`);
    if (!isFinal(truth.status)) wrong.add('true status not final');
    if (truth.status.unified !== plan.final)
      wrong.add(`true status ${truth.status.unified}, planned ${plan.final}`);
    if (held?.status.unified !== truth.status.unified)
      wrong.add(`ledger ${held?.status.unified} vs ${truth.status.unified}`);
  });
  const transitions = await inspect.transitions();
  const regressions = transitions.filter((t) => !canTransition(t.from, t.to)).length;
  const fulfilled = await inspect.fulfilled();
  const fulfilments = await inspect.fulfilments();
  const rowsPerFulfilment = new Tally();
  for (const row of fulfilled) rowsPerFulfilment.add(row.fulfilmentId);
  const doubleFulfilments = Object.values(rowsPerFulfilment.toJSON()).filter((c) => c > 1).length;
  const notHandedOver = fulfilments.filter((f) => !f.done || rowsPerFulfilment.get(f.id) !== 1).length;
  // Each link has exactly one fulfilment for the final status it holds.
  const finalFulfilments = new Set(fulfilments.map((f) => `${f.linkKey}:${f.status}`));
  let linksWithoutFulfilment = 0;
  for (const plan of plans) {
    const key = linkKey(plan.provider, linkIds.get(plan.n) as string);
    if (!finalFulfilments.has(`${key}:${plan.final}`)) linksWithoutFulfilment += 1;
  }
  const counts = await ledger.counts();

  return {
    durationMs: Date.now() - started,
    workers: {
      started: workers.started(),
      unplannedExits: workers.unplannedExits().length,
      unplannedExitsBy: Object.fromEntries(workers.unplannedExits().map((e, i) => [String(i), e])),
      killed: kills,
      killsPlanned: { creates: options.kills.creates, deliveries: options.kills.deliveries, sync: syncKills },
    },
    creates: {
      logical: plans.length,
      ...creates.toJSON(),
      linksInLedger: linkIds.size,
      linksAtProviders: providers.reduce((sum, p) => sum + simLinks[p], 0),
      linksAtProvidersBy: simLinks,
      doubled,
      intents: counts.intents,
    },
    webhooks: {
      events: events.toJSON(),
      deliveries: deliveries.get('handled'),
      sentIncludingRetries: sent,
      copiesPerEvent: copiesPerEvent.toJSON(),
      lateCopies: late.length,
      outcomes: outcomes.toJSON(),
    },
    payer: pay.toJSON(),
    commands: send.tally.toJSON(),
    sync: {
      ...sync,
      linksNotFinalBeforeSync: beforeSync,
      silentLinks: plans.filter((p) => p.silent).length,
      silentLinksNotFinalBeforeSync: silentNotFinalBeforeSync,
      claimsByTwoLiveWorkersAtOnce: overlappingClaims,
    },
    statuses: {
      trueFinal: finals.toJSON(),
      wrong: wrong.total(),
      wrongBy: wrong.toJSON(),
      transitions: transitions.length,
      regressions,
    },
    database: {
      restarts: restarts.downMs.length,
      restartsBy: restarts.by.toJSON(),
      handlersInsideTransactionsAtRestart: restarts.handlersInsideTransactions,
      downMsMax: Math.max(0, ...restarts.downMs),
      downMsTotal: restarts.downMs.reduce((a, b) => a + b, 0),
      failedFulfilmentTries: failedTries.toJSON(),
    },
    fulfilments: {
      enqueued: fulfilments.length,
      done: counts.fulfilments.done,
      handlerCalls: handlerCalls.total(),
      handlerCallsMoreThanOnce: Object.values(handlerCalls.toJSON()).filter((c) => c > 1).length,
      rowsWrittenThroughTransaction: fulfilled.length,
      doubleFulfilments,
      notHandedOver,
      linksWithoutFulfilmentOfTheirFinalStatus: linksWithoutFulfilment,
    },
  };
}

function simKey(provider: Provider): 'costplus' | 'conomy' | 'hsa' {
  return provider === 'hsa-provider' ? 'hsa' : provider;
}
