#!/usr/bin/env node
// Renders the "New surfaces under attack" section of RELIABILITY.md (issue 20) from the figures the
// attack tests left in .reliability/parts/ (webhook-attack--*, ledger-attacks--postgres,
// observers--core, router-prototype-keys--router, cli-new-user--cli, ledger--postgres-restarts),
// between the attack markers (appended when the file has none). render-report.mjs calls it last.
//
//   pnpm build && pnpm vitest run --project reliability && node tests/reliability/render-report.mjs
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { list, n, row, writeMarkedSection } from './report-format.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const partsDir = join(here, '.reliability', 'parts');
const output = join(here, '..', '..', 'RELIABILITY.md');

const read = (name) => {
  const file = join(partsDir, `${name}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).figures : undefined;
};
const adapters = [
  ['costplus', 'Cost+'],
  ['conomy', 'Conomy'],
  ['hsa-provider', 'HSA/FSA'],
];
const parts = {
  webhooks: Object.fromEntries(adapters.map(([id]) => [id, read(`webhook-attack--${id}`)])),
  options: read('webhook-attack--options'),
  ledger: read('ledger-attacks--postgres'),
  restarts: read('ledger--postgres-restarts'),
  observers: read('observers--core'),
  router: read('router-prototype-keys--router'),
  cli: read('cli-new-user--cli'),
  faults: Object.fromEntries(adapters.map(([id]) => [id, read(`faults--${id}`)])),
};
const missing = [
  ...adapters.filter(([id]) => parts.webhooks[id] === undefined).map(([id]) => `webhook-attack--${id}`),
  ...adapters.filter(([id]) => parts.faults[id] === undefined).map(([id]) => `faults--${id}`),
  ...Object.entries(parts)
    .filter(([key, value]) => key !== 'webhooks' && key !== 'faults' && value === undefined)
    .map(([key]) => key),
];
if (missing.length > 0) {
  console.error(
    `missing attack figures (${missing.join(', ')}): run pnpm vitest run --project reliability first`,
  );
  process.exitCode = 1;
} else {
  render();
}

function render() {
  const perAdapter = (label, f) => row([label, ...adapters.map(([id]) => f(parts.webhooks[id]))]);
  const sum = (record) =>
    Object.values(record ?? {}).reduce((a, b) => a + (typeof b === 'number' ? b : 0), 0);
  const { ledger, restarts, observers, router, cli, options } = parts;
  const hostileHooks = sum(observers.hostileHooks);
  const operations = sum(observers.operations);

  const md = [
    '<!-- attack:start -->',
    '## New surfaces under attack (issue 20)',
    '',
    'The webhook handlers, events and spans, the ledger and the router, attacked as an attacker, an',
    'operator and a new user would. Each test named below fails on the code before issue 20 (checked',
    'against the old source) and passes now; the figures come from the same run as the rest of this file.',
    '',
    '### Webhook handlers (`webhook-attack.test.ts`)',
    '',
    row(['', ...adapters.map(([, name]) => name)]),
    row(['---', ...adapters.map(() => '---')]),
    perAdapter('forged, renamed, re-keyed or replayed deliveries of one paid state', (f) =>
      n(f.duplicateAttacks.tried),
    ),
    perAdapter('of which a flood of distinct variants', (f) => n(f.duplicateAttacks.flood)),
    perAdapter('answers', (f) => list(f.duplicateAttacks.outcomes)),
    perAdapter(
      '`onEvent` calls caused by them',
      (f) => `**${n(f.duplicateAttacks.onEventCallsFromAttacks)}**`,
    ),
    perAdapter('de-duplication keys added by them', (f) => n(f.duplicateAttacks.dedupeStoreGrowth)),
    perAdapter(
      'stalled or trickling bodies / answered 408',
      (f) => `${n(f.readDeadline.tried)} / ${n(f.readDeadline.answered408)}`,
    ),
    perAdapter('webhook secrets with whitespace or control characters / refused at configuration', (f) =>
      f.secrets === undefined ? 'no webhook secret' : `${n(f.secrets.tried)} / ${n(f.secrets.refused)}`,
    ),
    perAdapter(
      'body parsed before the handler, throwing resolver / short JSON 500 (no stack)',
      (f) => `${n(f.noStackTraces.tried)} / ${n(f.noStackTraces.shortJson500)}`,
    ),
    '',
    'A repeat is decided by the re-fetched state of the link (provider, link id, raw status, attempts),',
    "never by a name, id or time the sender chose; a signed provider's verified event id is checked",
    'first, so a signed replay is a duplicate before any re-fetch. Signed floods add one key per new',
    'verified id (the store is bounded: at most `maxEntries` keys of at most 128 characters each).',
    `Handler options: ${n(options.handlerOptions.tried)} bad option sets (unknown keys with did-you-mean,`,
    `\`NaN\`, negative, infinite and huge sizes and deadlines, a missing \`onEvent\`), each refused at creation`,
    `in all three handler forms: ${n(options.handlerOptions.refusedInEachForm)}.`,
    '',
    '### Ledger (`ledger-attacks.test.ts`, `postgres-failures.test.ts`, the ledger contract)',
    '',
    `Through the Cost+ adapter, its simulator and the PostgreSQL ledger: ${n(ledger.refusedInputs)} hostile`,
    `references and descriptions (1 MB, NUL, lone surrogates, control characters) refused before any write,`,
    `${n(ledger.lookAlikes)} NFC/NFD look-alike references keyed as one, ${n(ledger.foreignLinks)} link made outside`,
    `the ledger recorded as \`foreign\` with no fulfilment, ${n(ledger.unstorableText)} re-fetched link with text`,
    `PostgreSQL cannot hold stored losslessly, and ${n(ledger.databaseDown)} calls with the database down answered`,
    'with a typed, retryable `NetworkError` (the documented web route answers 503). Beside them, the',
    'driver-failure tests end a session with `pg_terminate_backend` and with',
    '`idle_in_transaction_session_timeout` inside a fulfilment handler, talk to a server that accepts',
    'connections and never answers, and wait on a lock past the query deadline: every call ends with a',
    'typed error inside its deadline and no process dies.',
    '',
    `PostgreSQL restarted under the ledger proof: ${n(restarts.database.restarts)} immediate shutdowns and starts`,
    `mid-run (${list(restarts.database.restartsBy)}; ${n(restarts.database.handlersInsideTransactionsAtRestart)} handlers inside`,
    `their transactions at that restart), down ${n(restarts.database.downMsTotal)} ms in all. Workers started`,
    `${n(restarts.workers.started)}, exited on their own **${n(restarts.workers.unplannedExits)}**, restarted 0;`,
    `fulfilments done ${n(restarts.fulfilments.done)} of ${n(restarts.fulfilments.enqueued)}, written twice`,
    `**${n(restarts.fulfilments.doubleFulfilments)}**; logical creates ${n(restarts.creates.logical)}, doubled`,
    `**${n(restarts.creates.doubled)}**.`,
    '',
    '### Observers (`observer-attack.test.ts`)',
    '',
    `${n(observers.runs)} random runs, ${n(operations)} operations against the simulators, each compared with the`,
    `same operation on an unobserved client; listeners, HTTP observers, tracers, spans and context`,
    `managers misbehaved ${n(hostileHooks)} times (throwing, throwing non-errors, rejecting at once and later).`,
    `Warnings reported: ${list(observers.warnings)}. Answers that differed: **${n(observers.differingAnswers)}**;`,
    `unhandled rejections: **${n(observers.unhandledRejections)}**; references with more than one link:`,
    `**${n(observers.linksPerReferenceAboveOne)}**. Event names such as \`__proto__\` and \`constructor\` are a`,
    '`TypeError` naming the events.',
    '',
    '### Router (`router-prototype-keys.test.ts`)',
    '',
    `${n(router.total)} cases (${list(router.cases)}): rules on \`__proto__\`, \`constructor\`, \`toString\` and the`,
    `other \`Object.prototype\` names read the input's own properties only. Wrong routes: **${n(router.wrongRoutes)}**.`,
    '',
    '### What a new user hit (`cli-new-user.test.ts`)',
    '',
    `${n(cli.total)} cases (${list(cli.cases)}): output mangled by redaction ${n(cli.mangled)}, secrets leaked`,
    `${n(cli.leaked)}, wrong exit codes ${n(cli.wrongExit)}.`,
    '',
    '### CI under load (finding 11)',
    '',
    'CI once failed `faults-costplus` at load average 15 with "1 logical creates made more than one',
    'link" and two `rateLimitLong` gets answered ok. Request logs on both sides showed the harness, not',
    'the library, made the second link: the simulator read a keyless create late and held it on its',
    '400 ms delay fault, the client gave up at 250 ms with an ambiguous error and did not retry, and the',
    'harness, after a guessed 300 ms sleep, found no link and created again before the held request was',
    "processed. The 429 gets were timeouts: the client's deadline fired before it read the 429, the GET",
    'was retried and found the fault used up. Simulators now have `quiesce()` (idle connections closed, so',
    'an abandoned unread request is never processed; requests already read run to their end), the fault',
    'runs settle on it instead of sleeping, and an unplanned timeout explains an outcome only when it lines',
    'up with a try that got no answer in its full 250 ms. In this run: unplanned timeouts',
    `${adapters.map(([id, name]) => `${name} ${n(parts.faults[id].unplannedTimeouts)}`).join(', ')}; logical creates with two links`,
    `${adapters.map(([id, name]) => `${name} ${n(parts.faults[id].links.referencesWithMoreThanOne)}`).join(', ')}.`,
    '<!-- attack:end -->',
  ].join('\n');

  writeMarkedSection(output, 'attack', md);
  console.log(`wrote the attack section of ${output}`);
}
