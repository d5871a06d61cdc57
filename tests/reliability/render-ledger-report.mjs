#!/usr/bin/env node
// Renders the "Link ledger" section of RELIABILITY.md (issue 15) from the figures the ledger proof
// (src/ledger-proof.test.ts) left in .reliability/parts/ledger--*.json, between the ledger markers
// (appended when the file has none). render-report.mjs calls it after rewriting the rest.
//
//   pnpm build && pnpm vitest run --project reliability src/ledger-proof && node tests/reliability/render-ledger-report.mjs
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { list, n, row, writeMarkedSection } from './report-format.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const partsDir = join(here, '.reliability', 'parts');
const output = join(here, '..', '..', 'RELIABILITY.md');

const read = (subject) => {
  const file = join(partsDir, `ledger--${subject}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
};
const pg = read('postgres');
const restarted = read('postgres-restarts');
const memory = read('memory');
if (pg === undefined || restarted === undefined || memory === undefined) {
  console.error('missing ledger figures: run pnpm vitest run --project reliability src/ledger-proof first');
  process.exitCode = 1;
} else {
  render();
}

function render() {
  const both = (label, f) => row([label, f(pg.figures), f(restarted.figures), f(memory.figures)]);

  const md = [
    '<!-- ledger:start -->',
    '## Link ledger across processes (issue 15)',
    '',
    `From \`tests/reliability/src/ledger-proof.test.ts\` (runs in CI). PostgreSQL: four worker processes`,
    '(`child_process.fork`, running the built packages) share one embedded PostgreSQL 17 and the three',
    'simulators; a random worker is SIGKILLed at fixed points of progress (8 during the creates, 37 during the',
    'deliveries, 5 during sync) and replaced at once. In-memory: the same scenario, four workers in one',
    "process on `createMemoryLedger()`, no kills. Webhook signatures are the providers' own (Cost+ unsigned,",
    "Conomy and HSA signed by the simulators' secrets); deliveries go to `handleWebhook` through IPC rather",
    "than HTTP. A killed worker's unanswered commands are sent again to another worker, as a provider",
    'retries a webhook and a platform retries a create. Intents that need a person are resolved the way a',
    'person would: looking the reference up in the simulator (the dashboard) and calling `adoptIntent`',
    'or `forgetIntent`.',
    '',
    'PostgreSQL restarted (issue 20): the same scenario on an embedded PostgreSQL 17 of its own, no SIGKILLs;',
    'the server is stopped with an immediate shutdown (SIGQUIT to the postmaster, as `pg_ctl stop -m',
    'immediate`: every session cut, crash recovery at the next start) and started again on the same port and',
    'data directory three times: in the middle of the creates, as soon as two fulfilment handlers are inside',
    'their transactions (handlers hold it 100 ms there), and during a sync round. The workers keep running:',
    'every dropped connection is a retryable `NetworkError` of the call that held it.',
    '',
    `Last runs: PostgreSQL ${pg.writtenAt}, restarted ${restarted.writtenAt}, in-memory ${memory.writtenAt}.`,
    '',
    row([
      '',
      'PostgreSQL, 4 processes, SIGKILLs',
      'PostgreSQL restarted, 4 processes',
      'in-memory, 1 process',
    ]),
    row(['---', '---', '---', '---']),
    both('workers started / SIGKILLed', (f) => `${n(f.workers.started)} / ${n(f.workers.killed)}`),
    both('workers that exited on their own (crashed)', (f) => n(f.workers.unplannedExits ?? 0)),
    both('PostgreSQL restarts (during creates / with handlers inside transactions / during sync)', (f) =>
      f.database === undefined || f.database.restarts === 0
        ? '0'
        : `${n(f.database.restarts)} (${n(f.database.restartsBy.creates ?? 0)} / ${n(f.database.restartsBy['while handlers are inside their transactions'] ?? 0)} / ${n(f.database.restartsBy.sync ?? 0)})`,
    ),
    both('handlers inside their transaction when a restart began', (f) =>
      n(f.database?.handlersInsideTransactionsAtRestart ?? 0),
    ),
    both('server down per restart, longest / total', (f) =>
      f.database === undefined || f.database.restarts === 0
        ? '-'
        : `${n(f.database.downMsMax)} ms / ${n(f.database.downMsTotal)} ms`,
    ),
    both('failed fulfilment tries (by error)', (f) => list(f.database?.failedFulfilmentTries) || '0'),
    both('logical creates (each issued from two workers at once)', (f) => n(f.creates.logical)),
    both('create commands issued (with retries after kills)', (f) => n(f.creates.issued)),
    both(
      'links in the ledger / links at the providers',
      (f) => `${n(f.creates.linksInLedger)} / ${n(f.creates.linksAtProviders)}`,
    ),
    both('references with two links', (f) => n(f.creates.doubled)),
    both('two callers answered different links', (f) => n(f.creates['two callers got different links'] ?? 0)),
    both(
      'creates needing a person (adopted / forgotten and made again)',
      (f) =>
        `${n(f.creates['needs a person'] ?? 0)} (${n(f.creates['adopted by a person'] ?? 0)} / ${n(f.creates['forgotten by a person and created again'] ?? 0)})`,
    ),
    both('webhook events sent by the simulators', (f) => list(f.webhooks.events)),
    both(
      'deliveries handled (copies per event: count of events)',
      (f) => `${n(f.webhooks.deliveries)} (${list(f.webhooks.copiesPerEvent)})`,
    ),
    both('late copies (after every payment, clock advance and first copies)', (f) =>
      n(f.webhooks.lateCopies),
    ),
    both('delivery outcomes', (f) => list(f.webhooks.outcomes)),
    both(
      'links without any webhook (10%) / not final before sync',
      (f) => `${n(f.sync.silentLinks)} / ${n(f.sync.silentLinksNotFinalBeforeSync)}`,
    ),
    both(
      'sync: rounds, links re-fetched, changed',
      (f) => `${n(f.sync.rounds)}, ${n(f.sync.claimed)}, ${n(f.sync.applied)}`,
    ),
    both('sync: a link claimed by two live workers at once', (f) => n(f.sync.claimsByTwoLiveWorkersAtOnce)),
    both('true final statuses', (f) => list(f.statuses.trueFinal)),
    both("links whose ledger status differs from the provider's", (f) => n(f.statuses.wrong)),
    both(
      'status changes / illegal ones (regressions)',
      (f) => `${n(f.statuses.transitions)} / ${n(f.statuses.regressions)}`,
    ),
    both('fulfilments enqueued / done', (f) => `${n(f.fulfilments.enqueued)} / ${n(f.fulfilments.done)}`),
    both(
      'handler calls (fulfilments called more than once)',
      (f) => `${n(f.fulfilments.handlerCalls)} (${n(f.fulfilments.handlerCallsMoreThanOnce)})`,
    ),
    both(
      "rows written through the handler's transaction / fulfilments written twice",
      (f) => `${n(f.fulfilments.rowsWrittenThroughTransaction)} / ${n(f.fulfilments.doubleFulfilments)}`,
    ),
    both(
      'fulfilments not handed over / links without the fulfilment of their final status',
      (f) =>
        `${n(f.fulfilments.notHandedOver)} / ${n(f.fulfilments.linksWithoutFulfilmentOfTheirFinalStatus)}`,
    ),
    both('commands answered (by outcome)', (f) => list(f.commands)),
    both('run time', (f) => `${n(Math.round(f.durationMs / 1000))} s`),
    '',
    'Handler calls above the number of fulfilments are the at-least-once part: a worker killed inside a',
    "handler's transaction had its writes rolled back, and another worker ran the fulfilment again after the",
    'lease; the rows written through the transaction still count one per fulfilment.',
    '',
    '### What happens at each kill point',
    '',
    '| killed | what the ledger holds | what happens next |',
    '|---|---|---|',
    '| before the intent is recorded | nothing | the other caller (or a retry) records it and creates the link |',
    '| after the intent, during or after the provider call, before the link is recorded | a `pending` intent with a claim | the waiting caller (or `sync`) takes it over once the claim lapses: HSA/FSA replays the same idempotency key (same body: a relative expiry was fixed when recorded); Conomy looks the reference up and adopts the link or makes it; Cost+ cannot be asked, so the intent becomes `needs_attention` and a person adopts or forgets it |',
    '| while handling a webhook | nothing, or the delivery key, status and outbox row together (one statement) | the provider (here: the proof) delivers again; a re-applied status is `unchanged` and the outbox row is not written twice (unique key) |',
    '| while syncing | links claimed with a lease | other workers skip them (`FOR UPDATE SKIP LOCKED`) until the lease lapses, then re-fetch them |',
    "| inside a fulfilment handler | the claim (attempt counted); the handler's transaction is rolled back | another worker claims the row after the lease and calls the handler again with the same fulfilment id |",
    '',
    'Run times are wall clock on the shared 2-core machine, with whatever else it was running; the',
    'proof asserts no time.',
    '<!-- ledger:end -->',
  ].join('\n');

  writeMarkedSection(output, 'ledger', md);
  console.log(`wrote the ledger section of ${output}`);
}
