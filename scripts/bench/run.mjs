// `pnpm bench`: measures what paylinks costs on top of the HTTP calls it
// wraps, and writes BENCHMARKS.md and .bench/results.json. Not part of the
// test run. Every comparison is measured in one run with its sides
// interleaved, because the machines are shared and noisy.
//
//   node --expose-gc scripts/bench/run.mjs [--quick] [--only=decode,endToEnd]
//
// `--only` runs the named sections and prints their results without touching
// BENCHMARKS.md (for profiling: add `--cpu-prof` before the script path).
// `--render` rewrites BENCHMARKS.md from the last .bench/results.json without
// measuring (after editing notes.mjs, the hand-written analysis).
//
// A section is a module exporting an object
//   { id, title, needsServer?, run(ctx) -> result, render(result, ctx) -> lines[], targets?(result) -> rows[] }
// listed in `sections` below; `ctx` is built here (adapter factories and
// modules, settings, the loopback server). To add one (ledger, observability,
// ...), write scripts/bench/<name>.mjs and add it to `sections`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

import { axiosPath } from './baselines.mjs';
import { benchSecrets, benchSettings, dist, loadAdapters, root, startCannedServer } from './bench-setup.mjs';
import { concurrencySection } from './concurrency.mjs';
import { decodeSection } from './decode.mjs';
import { endToEndSection } from './end-to-end.mjs';
import { routes } from './fixtures.mjs';
import { footprintSection } from './footprint.mjs';
import { ledgerSection } from './ledger.mjs';
import { listingSection } from './listing.mjs';
import { observabilitySection } from './observability.mjs';
import { renderReport } from './report.mjs';
import { round } from './stats.mjs';
import { webhooksSection } from './webhooks.mjs';

const sections = [
  decodeSection,
  endToEndSection,
  concurrencySection,
  webhooksSection,
  footprintSection,
  listingSection,
  observabilitySection,
  ledgerSection,
];

const { modules, factories } = await loadAdapters();

const quick = process.argv.includes('--quick');
if (process.argv.includes('--render')) {
  const { machine, ...last } = JSON.parse(readFileSync(join(root, '.bench/results.json'), 'utf8'));
  writeFileSync(join(root, 'BENCHMARKS.md'), renderReport(machine, sections, last));
  process.exit(0);
}
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const selected = sections.filter((s) => only === undefined || only.includes(s.id));

const ctx = {
  root,
  quick,
  dist,
  axiosPath,
  modules,
  factories,
  providers: Object.keys(factories),
  secrets: benchSecrets,
  /** An adapter's settings as a user would give them (defaults for everything else). */
  settingsFor: (provider, extra) => ({ ...benchSettings[provider], ...extra }),
  baseUrl: (provider) => `${ctx.server.origin}${routes[provider].base}`,
  server: undefined,
};

const conditions = { loadAverageBefore: loadavg().map((l) => round(l, 2)) };
const results = {};
if (selected.some((s) => s.needsServer)) ctx.server = await startCannedServer();
try {
  for (const section of selected) {
    const t0 = performance.now();
    results[section.id] = await section.run(ctx);
    console.error(`${section.id}: ${round((performance.now() - t0) / 1000, 1)} s`);
  }
} finally {
  ctx.server?.child.send('stop');
}
conditions.loadAverageAfter = loadavg().map((l) => round(l, 2));

const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: round(totalmem() / 2 ** 30, 1),
  node: process.version,
  date: new Date().toISOString(),
  quick,
  conditions,
};

if (only === undefined) {
  mkdirSync(join(root, '.bench'), { recursive: true });
  writeFileSync(join(root, '.bench/results.json'), `${JSON.stringify({ machine, ...results }, null, 2)}\n`);
  writeFileSync(join(root, 'BENCHMARKS.md'), renderReport(machine, sections, results));
}
console.log(JSON.stringify(results, null, 2));
