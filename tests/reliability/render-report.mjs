#!/usr/bin/env node
// Renders RELIABILITY.md (repo root) from the figures the reliability suite
// left in tests/reliability/.reliability/parts/*.json, and rewrites
// .reliability/results.json from the same parts.
//
//   pnpm vitest run --project reliability && node tests/reliability/render-report.mjs
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { list, n, row } from './report-format.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const resultsDir = join(here, '.reliability');
const partsDir = join(resultsDir, 'parts');
const output = join(here, '..', '..', 'RELIABILITY.md');

const providers = [
  ['costplus', 'Cost+'],
  ['conomy', 'Conomy'],
  ['hsa-provider', 'HSA/FSA'],
];
const sections = ['faults', 'webhooks', 'malformed', 'inputs', 'secrets', 'hostile', 'hostile-simulator'];

const parts = readdirSync(partsDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(partsDir, f), 'utf8')));
const results = { generatedAt: new Date().toISOString(), subjects: {} };
for (const part of parts) {
  results.subjects[part.subject] ??= {};
  results.subjects[part.subject][part.section] = { ...part.figures, writtenAt: part.writtenAt };
}
const missing = [];
for (const [id] of providers)
  for (const section of sections)
    if (results.subjects[id]?.[section] === undefined) missing.push(`${section}/${id}`);
if (results.subjects.cli?.secrets === undefined) missing.push('secrets/cli');
for (const section of ['router-outage', 'router-property'])
  if (results.subjects.router?.[section] === undefined) missing.push(`${section}/router`);
if (missing.length > 0) {
  console.error(`missing figures (run the whole reliability project first): ${missing.join(', ')}`);
  process.exit(1);
}
writeFileSync(join(resultsDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

const s = (id) => results.subjects[id];
const table = (head, rows) => [row(head), row(head.map(() => '---')), ...rows.map((r) => row(r))].join('\n');
const cell = (f) => providers.map(([id]) => f(s(id)));
const keys = (field, section) => [
  ...new Set(providers.flatMap(([id]) => Object.keys(s(id)[section]?.[field] ?? {}))),
];
const latest = parts
  .map((p) => p.writtenAt)
  .sort()
  .at(-1);

const leaksOf = (x) =>
  x.faults.leaks +
  x.webhooks.leaks +
  x.malformed.leaks +
  x.inputs.leaks +
  x.secrets.leaks +
  (x.hostile.leaks ?? 0);
const totalLeaks = providers.reduce((a, [id]) => a + leaksOf(s(id)), 0) + s('cli').secrets.leaks;

const md = [];
md.push(`# Reliability and security

Evidence that nothing is lost, doubled or leaked under faults and bad input (issue 7). Every
figure below comes from the last run of the \`reliability\` vitest project
(\`tests/reliability\`), rendered by \`node tests/reliability/render-report.mjs\` from
\`tests/reliability/.reliability/results.json\`. Reproduce:

\`\`\`sh
pnpm build                                   # the CLI test runs packages/cli/dist/bin.js
pnpm vitest run --project reliability        # writes tests/reliability/.reliability/
node tests/reliability/render-report.mjs     # rewrites this file
\`\`\`

Last run: ${latest}. Every simulator, adapter and CLI run in the suite uses canary credentials
(API keys, client secret, bearer token, webhook secrets) that are searched for in every error
and output the suite meets.

## Summary
`);
md.push(
  table(
    ['', ...providers.map(([, name]) => name)],
    [
      ['operations run under faults', ...cell((x) => n(x.faults.operations))],
      ['faults injected', ...cell((x) => n(x.faults.faultsInjectedTotal))],
      [
        'faults met by a request (first queue; the rest were left over when an operation stopped)',
        ...cell((x) => n(x.faults.faultsApplied)),
      ],
      [
        'links intended / created',
        ...cell((x) => `${n(x.faults.links.intended)} / ${n(x.faults.links.created)}`),
      ],
      ['logical creates with two links', ...cell((x) => n(x.faults.links.referencesWithMoreThanOne))],
      [
        'ambiguous creates (reconciled)',
        ...cell(
          (x) =>
            `${n(x.faults.creates.ambiguous)} (${n(x.faults.creates.ambiguous > 0 ? x.faults.creates.reconciledFound + x.faults.creates.reconciledAbsentThenRetried : 0)})`,
        ),
      ],
      ['outcomes off the retry policy', ...cell((x) => n(x.faults.predictionMismatches))],
      [
        'outcomes only explained by timeouts nobody injected (busy machine; each lined up with a try that got no answer in its full 250 ms)',
        ...cell((x) => n(x.faults.unplannedTimeouts)),
      ],
      ['calls past their timeout budget', ...cell((x) => n(x.faults.watchdogBreaches))],
      ['unhandled rejections', ...cell((x) => n(x.faults.unhandledRejections))],
      [
        'webhooks tried / rejected / de-duplicated',
        ...cell((x) => `${n(x.webhooks.tried)} / ${n(x.webhooks.rejected)} / ${n(x.webhooks.deduplicated)}`),
      ],
      [
        'event orderings applied, final state left',
        ...cell((x) => `${n(x.webhooks.orderingsApplied)}, ${n(x.webhooks.finalStateViolations)}`),
      ],
      ['malformed bodies tried', ...cell((x) => n(x.malformed.bodiesTried))],
      ['malformed: thrown instead of an error value', ...cell((x) => n(x.malformed.thrown))],
      [
        'bad inputs tried / ValidationError naming the field',
        ...cell((x) => `${n(x.inputs.inputsTried)} / ${n(x.inputs.validationErrorsNamingTheField)}`),
      ],
      ['requests sent for bad inputs', ...cell((x) => n(x.inputs.requestsSent))],
      ['leaks found', ...cell((x) => n(leaksOf(x)))],
    ],
  ),
);
md.push(`
CLI (\`node packages/cli/dist/bin.js\` as a subprocess): ${n(s('cli').secrets.runs)} runs, ${n(s('cli').secrets.bytesChecked)} bytes of output, leaks found: ${n(s('cli').secrets.leaks)}.
Leaks found across the suite: **${n(totalLeaks)}**. The suite found six defects (D1 to D6, listed at
the end); all six are fixed and the suite now fails on any instance of them.

## 1. Faults

Per adapter, ${n(s('costplus').faults.operations)} seeded operations (seed ${s('costplus').faults.seed}, ${s('conomy').faults.seed}, ${s('hsa-provider').faults.seed}; split over
${s('costplus').faults.shards} simulator instances running side by side, each with its own fault queue, so every fault
meets the request it was injected for). Settings: per-try timeout 250 ms, \`retry: { maxRetries: 3,
baseDelayMs: 1, maxDelayMs: 50 }\`; timeouts are answers 400 ms late. Each operation's outcome is checked
against what core's retry policy predicts for its faults (GET/DELETE and keyed POSTs retry 5xx, 429
and network failures; a POST without a key retries only a 429; a \`Retry-After\` longer than
\`maxDelayMs\` is not waited for); each call runs under a watchdog of \`tries x timeout + retries x
maxDelayMs + 1 s\`.

Faults injected, by kind:
`);
md.push(
  table(
    ['fault', ...providers.map(([, name]) => name)],
    keys('faultsInjected', 'faults')
      .sort()
      .map((k) => [k, ...cell((x) => n(x.faults.faultsInjected[k] ?? 0))]),
  ),
);
md.push(`
Operations and outcomes:
`);
md.push(
  table(
    ['', ...providers.map(([, name]) => name)],
    [
      ...keys('operationsByKind', 'faults')
        .sort()
        .map((k) => [`operation: ${k}`, ...cell((x) => n(x.faults.operationsByKind[k] ?? 0))]),
      [
        'client calls / API requests',
        ...cell((x) => `${n(x.faults.clientCalls)} / ${n(x.faults.apiRequests)}`),
      ],
      ...keys('outcomes', 'faults')
        .sort()
        .map((k) => [`outcome: ${k}`, ...cell((x) => n(x.faults.outcomes[k] ?? 0))]),
      [
        'reads succeeded / typed errors',
        ...cell((x) => `${n(x.faults.readsSucceeded)} / ${n(x.faults.readsTypedErrors)}`),
      ],
      ['untyped failures (throws, non-error values)', ...cell((x) => n(x.faults.untypedFailures))],
      ['slowest call (ms)', ...cell((x) => n(x.faults.slowestCallMs))],
      [
        'slowest operation without faults (ms; per-try timeout 250)',
        ...cell((x) => n(x.faults.slowestUnfaultedOperationMs)),
      ],
    ],
  ),
);
md.push(`
Creates are logical: each is retried until it succeeds, and counted once.
`);
md.push(
  table(
    ['', ...providers.map(([, name]) => name)],
    [
      ['logical creates (intended)', ...cell((x) => n(x.faults.links.intended))],
      ['create calls', ...cell((x) => n(x.faults.creates.attempts))],
      ['links the simulator made', ...cell((x) => n(x.faults.links.created))],
      ['references with exactly one link', ...cell((x) => n(x.faults.links.referencesWithOneLink))],
      ['ambiguous outcomes (NetworkError, ambiguous: true)', ...cell((x) => n(x.faults.creates.ambiguous))],
      ['reconciled: link found, adopted', ...cell((x) => n(x.faults.creates.reconciledFound))],
      [
        'reconciled: no link, create retried',
        ...cell((x) => n(x.faults.creates.reconciledAbsentThenRetried)),
      ],
      ['retried with the same Idempotency-Key', ...cell((x) => n(x.faults.creates.retriedWithSameKey))],
      ['answers replayed by the provider', ...cell((x) => n(x.faults.creates.idempotentReplays))],
    ],
  ),
);
md.push(`
How each adapter reconciles:

${providers.map(([id, name]) => `- **${name}**: ${s(id).faults.creates.reconcileHow}.`).join('\n')}

Why the policy is needed: with the answer to a create dropped after the provider made the link, a
blind retry made **${n(s('costplus').faults.blindRetry.created)} Cost+ links for ${n(s('costplus').faults.blindRetry.intended)} invoices**; on Conomy the unique
\`checkoutToken\` made ${n(s('conomy').faults.blindRetry.foundFirst)} of ${n(s('conomy').faults.blindRetry.intended)} blind retries find the link the first try made (${n(s('conomy').faults.blindRetry.created)} links).

## 2. Webhooks

Webhooks are captured from each simulator (signed as the provider signs them), then delivered
genuine, twice, in every order, replayed late, tampered (body, signature, timestamp), re-signed with
the wrong secret, without signature, empty, oversized (1 MiB + 1) and malformed. A handler parses,
then de-duplicates on core's \`webhookEventKey\` with \`WebhookDeduplicator\`. Orderings fold what each
event says and the re-fetched link (\`resolveWebhook\`) through core's \`advanceStatus\`.
`);
md.push(
  table(
    ['', ...providers.map(([, name]) => name)],
    [
      ['webhooks tried', ...cell((x) => n(x.webhooks.tried))],
      ['accepted (first delivery)', ...cell((x) => n(x.webhooks.accepted))],
      ['de-duplicated', ...cell((x) => n(x.webhooks.deduplicated))],
      ['rejected', ...cell((x) => n(x.webhooks.rejected))],
      ...keys('rejectedByReason', 'webhooks')
        .sort()
        .map((k) => [`rejected: \`${k}\``, ...cell((x) => n(x.webhooks.rejectedByReason[k] ?? 0))]),
      ['event orderings applied', ...cell((x) => n(x.webhooks.orderingsApplied))],
      ['status sequences folded (property test)', ...cell((x) => n(x.webhooks.statusSequencesFolded))],
      ['final state left', ...cell((x) => n(x.webhooks.finalStateViolations))],
    ],
  ),
);
md.push(`
- HSA/FSA: \`X-Gale-Signature: t=...,v1=...\` within 300 s, and the \`Authorization: Bearer\` form;
  a replay 301 s late (or early) is \`timestamp_outside_tolerance\`.
- Conomy: ${s('conomy').webhooks.note}.
- Cost+: ${s('costplus').webhooks.note}.

## 3. Malformed answers

fast-check feeds each adapter's \`get\` path, through an in-memory axios stand-in (HTTP 200), with
documented bodies mutated (fields removed, nulled, retyped, replaced by hostile values), unknown
statuses, random JSON and text that is not JSON. Each result must be a \`DecodeError\` or a link core's
own \`PaymentLink\` codec accepts, with an unknown raw status read as \`unknown\` and kept raw.
`);
md.push(
  table(
    ['', ...providers.map(([, name]) => name)],
    [
      ['bodies tried', ...cell((x) => n(x.malformed.bodiesTried))],
      ...keys('byKind', 'malformed')
        .sort()
        .map((k) => [`bodies: ${k}`, ...cell((x) => n(x.malformed.byKind[k] ?? 0))]),
      ...keys('outcomes', 'malformed')
        .sort()
        .map((k) => [`result: ${k}`, ...cell((x) => n(x.malformed.outcomes[k] ?? 0))]),
      [
        'unknown raw statuses read as unknown, raw kept',
        ...cell((x) => n(x.malformed.unknownStatusesKeptRaw)),
      ],
      [
        'JSON bodies also through decodeLink (same verdict as get)',
        ...cell((x) => n(Object.values(x.malformed.decodeLinkAlso ?? {}).reduce((a, b) => a + b, 0))),
      ],
      ['thrown', ...cell((x) => n(x.malformed.thrown))],
    ],
  ),
);
md.push(`
## 4. Input validation

A table of bad inputs for every field of every operation (create: wrong types, negative, zero and
fractional minor units, unknown currency, past and zoneless expiry, too-short Conomy duration,
malformed URLs, line items that do not add up, subscription without interval, oversized strings,
provider-specific required and refused fields; get/cancel/activate/delete ids; list limits, filters
and cursors; bad adapter settings). Each row runs twice: through an in-memory stand-in that counts
requests, and through the real axios path with \`nock.disableNetConnect()\` and nock's \`no match\`
counter. Each must be a \`ValidationError\` whose \`field\` is the expected path.
`);
md.push(
  table(
    ['', ...providers.map(([, name]) => name)],
    [
      ['inputs tried', ...cell((x) => n(x.inputs.inputsTried))],
      ...keys('byOperation', 'inputs')
        .sort()
        .map((k) => [`operation: ${k}`, ...cell((x) => n(x.inputs.byOperation[k] ?? 0))]),
      [
        'ValidationError naming the expected field',
        ...cell((x) => n(x.inputs.validationErrorsNamingTheField)),
      ],
      ['requests sent', ...cell((x) => n(x.inputs.requestsSent))],
      [
        'operations the provider lacks: UnsupportedError, no request',
        ...cell((x) => n(x.inputs.unsupportedOperationsRefused ?? 0)),
      ],
    ],
  ),
);
md.push(`
## 5. Secrets

Every error met anywhere in the suite is rendered as its message, \`JSON.stringify\`, \`util.inspect\`,
\`String\`, and as the thrown \`PaymentLinkException\` (message, stack, JSON, inspect), and searched for
every canary in plain, HTTP Basic (\`base64(key:)\`), base64 and URL-encoded forms. The secrets file adds
providers echoing every secret in every field of their error bodies and headers (HTTP 400 to 503),
in fields of 200 bodies the codec refuses, and network failures carrying the request headers; 401s
from each simulator with wrong credentials; and bad settings holding secrets. Every client in it
also has a listener on each \`links.on\` event and an in-memory OpenTelemetry tracer: each event
(JSON and inspect) and each span (name, attributes, status) is searched the same way.
`);
md.push(
  table(
    ['', ...providers.map(([, name]) => name)],
    [
      ['renderings checked: fault runs', ...cell((x) => n(x.faults.leaksChecked))],
      ['renderings checked: secrets scenarios', ...cell((x) => n(x.secrets.renderingsChecked))],
      ['secrets scenarios', ...cell((x) => n(Object.keys(x.secrets.scenarios).length))],
      [
        'events audited (request / response / retry / error)',
        ...cell((x) =>
          x.secrets.eventsAudited === undefined
            ? '-'
            : ['request', 'response', 'retry', 'error'].map((k) => n(x.secrets.eventsAudited[k])).join(' / '),
        ),
      ],
      [
        'spans audited',
        ...cell((x) => (x.secrets.spansAudited === undefined ? '-' : n(x.secrets.spansAudited))),
      ],
      ['leaks found', ...cell((x) => n(leaksOf(x)))],
    ],
  ),
);
md.push(`
## 6. Hostile answers and inputs

From \`tests/reliability/src/hostile-inputs.test.ts\` (issue 11), against a loopback server playing
a hostile provider. **Answers**: a gzip bomb (1 GiB of spaces compressed as it is sent), a 200 whose
body never ends, and one announcing 300 MB of JSON, each to \`get\` and to \`create\`: every one stops
at the 2 MiB decoded cap (\`maxResponseBytes\`) with a \`DecodeError\` that is not retryable; the peak
growth of the test process's resident memory is sampled every 2 ms during the call (limit 64 MiB).
**Ids**: \`.\`, \`..\`, empty, blank, tab, NUL, CR LF, U+2028 and a 256-character id, through every
operation the adapter has, and \`.\`/\`..\` as the order or link id of a (signed, where the provider
signs) webhook: every one a \`ValidationError\` naming the argument, no request sent. **URLs**: CR LF,
LF, NUL, C1 controls, \`javascript:\`, \`data:\`, \`ftp:\`, scheme-relative and host-less URLs as
\`successUrl\`, \`failureUrl\` and \`webhookUrl\`: refused before any request; a non-ASCII URL is sent
percent-encoded. **Settings**: \`baseURL\`, \`baseurl\`, \`timeout\`, \`timeoutMS\`, \`retry.maxRetry\`,
\`maxSocket\` and the variable \`PAYLINKS_<ID>_BASEURL\` each refused with the known key suggested;
\`baseUrl\` with user-info, a query, a fragment, or \`http:\` off loopback, and out-of-range
\`timeoutMs\`/\`maxRetries\` refused. **Secrets** holding \`"\`, \`\\\`, \`%\`, \`+\`, spaces, tabs and
non-ASCII letters, sent to a provider that echoes every header raw and JSON-escaped: searched for in
every rendering in every encoding core's \`secretForms\` lists. **Simulators**
(\`hostile-simulator.test.ts\`): core's \`hostileRequests\` list sent raw to each simulator (malformed
request targets, \`/../\`, \`%00\`, very long paths, bad and huge headers, invalid JSON and UTF-8, an
absurd \`Content-Length\`, requests abandoned half-way): each answered 4xx or 5xx (none a handler's
500), then a valid create still answered 201.
`);
md.push(
  table(
    ['', ...providers.map(([, name]) => name)],
    [
      ['hostile answers tried (bomb, endless, 300 MB)', ...cell((x) => n(x.hostile.answersTried))],
      [
        'peak memory growth while reading them (MiB)',
        ...cell((x) => (x.hostile.peakGrowthMiBMax ?? 0).toFixed(1)),
      ],
      ['hostile ids tried (all refused, 0 requests)', ...cell((x) => n(x.hostile.hostileIdsTried))],
      [
        'hostile webhook ids tried (all refused, 0 requests)',
        ...cell((x) => n(x.hostile.hostileWebhookIdsTried)),
      ],
      ['hostile URLs tried (all refused, 0 requests)', ...cell((x) => n(x.hostile.hostileUrlsTried))],
      [
        'unknown settings tried (all refused with a suggestion)',
        ...cell((x) => n(x.hostile.unknownSettingsTried)),
      ],
      ['bad baseUrl / limits tried (all refused)', ...cell((x) => n(x.hostile.badSettingsTried))],
      ['secrets with special characters tried', ...cell((x) => n(x.hostile.specialSecretsTried))],
      ['renderings checked for them', ...cell((x) => n(x.hostile.renderingsChecked))],
      [
        'malformed requests sent to the simulator (each a 4xx/5xx, then a create: 201)',
        ...cell((x) => n(x['hostile-simulator'].malformedRequestsSent)),
      ],
      ['leaks found', ...cell((x) => n(x.hostile.leaks))],
    ],
  ),
);
md.push(`
CLI: ${n(s('cli').secrets.runs)} subprocess runs (create, get, list; 401s, 404, unreachable host, bad base URL,
an amount holding the key, a mistyped flag with the key as its value, a config file that is not JSON,
a config with a bad setting next to the secrets), exit codes ${list(s('cli').secrets.exitCodes)};
${n(s('cli').secrets.bytesChecked)} bytes of stdout and stderr checked; leaks: ${n(s('cli').secrets.leaks)}.

## Defects this suite found, all fixed

Each was reported with a repro and fixed in core or the adapter; the checks that found them are now
strict (no allowance), so any recurrence fails CI.

- **D1** An expiry past what a Date can hold (Cost+ \`expiration_period: "P99999999Y"\`, Conomy \`duration: 1e20\`) became \`expiresAt: Invalid Date\`. Fixed: core's \`resolveExpiry\` refuses it; Conomy leaves \`expiresAt\` out.
- **D2** Conomy and HSA copied the payer without core's Customer checks. Fixed: core's \`validCustomer\` keeps only what the model accepts (raw keeps the rest).
- **D3** Conomy items and HSA products became line items without core's LineItem checks. Fixed: core's \`validLineItem\`.
- **D4** HSA create rejected its promise with \`RangeError\` for \`expiresIn: "P99999999Y"\`; Cost+ and Conomy sent it. Fixed by D1: a \`ValidationError\` naming \`expiresIn\` before any request (row in the input table).
- **D5** Conomy \`get\`/\`activate\`/\`delete\` threw \`TypeError\` for a non-string id. Fixed: a \`ValidationError\` naming \`id\` (rows in the input table).
- **D6** Conomy decode errors built after the HTTP boundary quoted an echoed secret. Fixed: they go through the boundary's redactor.

## Known limits (by design or by the provider, reported with the defects)

- **Cost+ de-duplication.** Cost+ notifications carry no id, time or status, so every
  \`status_changed\` for one order looks alike. Pass the resolved link to \`webhookEventKey(event, link)\`
  (its raw status and attempt count join the key) and de-duplicate after \`resolveWebhook\`.
- **5xx to a create without an idempotency key** is a \`ProviderError\` with \`ambiguous: true\` and is
  not retried: a gateway's 502/504 can come after the provider made the link. Reconcile first.
- **Conomy delete** retried after its answer was lost answers \`NotFoundError\` although the delete
  happened (predicted by the fault model). **Conomy activate** and **\`POST /auth\`** are marked safe to
  retry (activating an active link and asking for a token change nothing), so a lost answer is retried
  and never reported as ambiguous.
`);

// Issue 16: routing and failover (tests/reliability/src/router-*.test.ts).
const outage = s('router')['router-outage'];
const property = s('router')['router-property'];
const per = (f) => providers.map(([id]) => f(outage.perProvider[id]));
const settled = (x, kind) =>
  Object.entries(x.ambiguities)
    .filter(([k]) => k.startsWith(kind))
    .reduce((a, [, v]) => a + v, 0);
md.push(`
## 7. Routing and failover

A router (\`createRouter\`, router README "Routing") over the three simulators sends
${n(outage.creates)} creates by currency (EUR to Cost+, CLP to Conomy, USD to HSA/FSA, each rule
listing the other two behind), one every ${outage.stepMs} ms of the router's clock, while
${outage.failing === 'conomy' ? 'Conomy' : outage.failing} fails hard for a stretch:

${Object.entries(outage.phases)
  .map(([k, v]) => `- ${k}: ${v}`)
  .join('\n')}

Settings: per-try timeout ${outage.settings.timeoutMs} ms, \`retry: { maxRetries: ${outage.settings.retry.maxRetries}, baseDelayMs: ${outage.settings.retry.baseDelayMs}, maxDelayMs: ${outage.settings.retry.maxDelayMs} }\`,
\`ambiguity.settleMs\` ${outage.settings.settleMs}; breaker \`${JSON.stringify(outage.settings.health)}\`. Faults
injected: ${list(outage.faultsInjected)}. Who holds a link is read from the simulators themselves.
`);
md.push(
  table(
    ['', ...providers.map(([, name]) => name)],
    [
      ['routed here first (by currency)', ...per((x) => n(x.firstChoice))],
      ['creates sent', ...per((x) => n(x.createCalls))],
      ['links made (as the router reported)', ...per((x) => n(x.linksMade))],
      ["links held (the simulator's record)", ...per((x) => n(x.linksHeld))],
      ['failed over (certainly nothing made)', ...per((x) => n(x.failedOver))],
      ['blocked by ambiguity (reported, not failed over)', ...per((x) => n(x.blockedByAmbiguity))],
      ['skipped while its breaker was open', ...per((x) => n(x.skippedByBreaker))],
      [
        'ambiguous creates settled: link found / no link / unresolved',
        ...per(
          (x) => `${n(settled(x, 'found'))} / ${n(settled(x, 'absent'))} / ${n(settled(x, 'unresolved'))}`,
        ),
      ],
      ...['closed -> open', 'open -> half-open', 'half-open -> open', 'half-open -> closed'].map((k) => [
        `breaker: ${k}`,
        ...per((x) => n(x.breakerTransitions[k] ?? 0)),
      ]),
    ],
  ),
);
md.push(`
Outcomes: ${list(outage.outcomes)} of ${n(outage.creates)} creates; links intended / created:
**${n(outage.linksIntended)} / ${n(outage.linksCreated)}** (an ambiguous create intends the link its provider
may hold: ${n(outage.ambiguousWhoseProviderHoldsTheLink)} did); references with two links:
**${n(outage.referencesWithTwoLinks)}**; creates that ended in neither exactly one link nor one reported
ambiguity: **${n(outage.violations)}**. The stretch ran from create ${outage.stretch.first} to ${outage.stretch.last};
Conomy's breaker first opened at create ${outage.breaker.firstOpenedAtCreate} and last closed at create
${outage.breaker.lastClosedAtCreate}; it ended ${outage.breaker.finalState}. Run time ${n(outage.durationMs)} ms
(most of it the timeouts and settle waits, which are real time).

The failover rule is also a fast-check property (\`router-failover.property.test.ts\`): ${n(property.runs)} runs,
${n(property.creates)} routed creates, ${n(property.faultsInjected)} random faults on all three simulators
(5xx, 429 with and without \`Retry-After\`, gate refusals, drops before and after the work, late
answers, malformed bodies; HSA/FSA also after its work). Outcomes: ${list(property.outcomes)};
attempts: ${list(property.attempts)}; violations (a reference held by two providers, a created link
not where the router said, a link behind a failed create): **${n(property.violations)}**.
`);
md.push('');
writeFileSync(output, `${md.join('\n')}\n`);
console.log(`wrote ${output} (leaks found: ${totalLeaks})`);

// The link ledger's section (issue 15) has its own figures and renderer.
await import('./render-ledger-report.mjs');

// The "New surfaces under attack" section (issue 20) has its own figures and renderer.
await import('./render-attack-report.mjs');
