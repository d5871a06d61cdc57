// Renders BENCHMARKS.md from the results of run.mjs.
const num = (n) => n.toLocaleString('en-US');

export function renderReport(r) {
  const lines = [];
  const push = (...l) => lines.push(...l);
  push(
    '# Benchmarks',
    '',
    'Reproduce with `pnpm bench` (builds, then runs `scripts/bench/run.mjs`; `--quick` for a shorter run).',
    'Raw figures of the last run are in `.bench/results.json` (not committed).',
    '',
    `Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}; run ${r.machine.date}${r.quick ? ' (quick run)' : ''}.`,
    '',
    '## 1. Decode + normalize (one core)',
    '',
    "The documented link body as JSON text -> `PaymentLink`: `JSON.parse`, the adapter's io-ts codec and",
    'its mapping (`provider.decodeLink`, what `get` runs on an answer). Target: 100,000/s. Beside it, the',
    'whole `get` path (HTTP boundary included) over an in-memory transport, so no socket is involved.',
    '',
    '| adapter | body bytes | decodes/s | target met | in-memory gets/s |',
    '|---|---:|---:|---|---:|',
  );
  for (const [p, v] of Object.entries(r.decode)) {
    push(
      `| ${p} | ${v.bodyBytes} | ${num(v.opsPerSecond)} | ${v.opsPerSecond >= 100_000 ? 'yes' : 'no'} | ${num(v.getOpsPerSecond)} |`,
    );
  }
  push(
    '',
    '## 2. End-to-end overhead against plain axios',
    '',
    'create + get against a loopback server (separate process) answering canned bodies, 8 sequences in',
    'flight; the adapter and plain axios share one axios instance and keep-alive agent, and their rounds',
    'are interleaved in one run (median of the per-round ratios). Target: adapter at least 0.9x raw axios.',
    'The CPU columns give the client process CPU per create + get, which the network noise does not move.',
    '',
    '| adapter | adapter seq/s | raw seq/s | throughput ratio | client CPU µs/seq adapter / raw | CPU ratio | adapter p50 / p99 ms | raw p50 / p99 ms |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const [p, v] of Object.entries(r.endToEnd)) {
    push(
      `| ${p} | ${num(v.adapter.seqPerSecond)} | ${num(v.raw.seqPerSecond)} | ${v.ratio} | ${v.adapter.cpuMicrosPerSeq} / ${v.raw.cpuMicrosPerSeq} | ${v.cpuRatio} | ${v.adapter.p50ms} / ${v.adapter.p99ms} | ${v.raw.p50ms} / ${v.raw.p99ms} |`,
    );
  }
  push(
    '',
    '## 3. 1,000 concurrent creates',
    '',
    "Each adapter's default keep-alive agent (64 sockets per host) against the loopback server.",
    '',
    '| adapter | creates | errors | elapsed ms | sockets opened | heap growth MiB | rss growth MiB |',
    '|---|---:|---:|---:|---:|---:|---:|',
  );
  for (const [p, v] of Object.entries(r.concurrency)) {
    push(
      `| ${p} | ${v.creates} | ${v.errors} | ${v.elapsedMs} | ${v.socketsOpened} | ${v.heapGrowthMiB} | ${v.rssGrowthMiB} |`,
    );
  }
  push('', '## 4. Webhook verification', '', '| scheme | events/s | verified |', '|---|---:|---|');
  for (const [s, v] of Object.entries(r.webhooks))
    push(`| ${s} | ${num(v.verifiedPerSecond)} | ${v.verified} |`);
  push(
    '',
    '## 5. Footprint',
    '',
    'Cold import in a fresh `node` process (median):',
    '',
    '| modules | import ms |',
    '|---|---:|',
  );
  for (const [m, v] of Object.entries(r.footprint.importMs)) push(`| ${m} | ${v} |`);
  push(
    '',
    'Packed with `pnpm pack`:',
    '',
    '| package | tgz KiB | unpacked KiB | files |',
    '|---|---:|---:|---:|',
  );
  for (const [p, v] of Object.entries(r.footprint.packed))
    push(`| ${p} | ${v.tgzKiB} | ${v.unpackedKiB} | ${v.files} |`);
  push(
    '',
    '## Before and after profiling',
    '',
    'The first run of this harness (same machine, same day) missed two targets. Profiles (`node --cpu-prof`)',
    'named the causes; each fix is a commit of its own.',
    '',
    '| figure | first run | now | cause fixed |',
    '|---|---:|---:|---|',
    `| in-memory gets/s (costplus / conomy / hsa) | 54,751 / 43,121 / 42,035 | ${['costplus', 'conomy', 'hsa-provider'].map((p) => num(r.decode[p]?.getOpsPerSecond ?? 0)).join(' / ')} | an AbortController per request (9% of a get), fp-ts 2.16 \`chain\` (\`dual\` copies its arguments) in create/get and input checks, a regex-and-string timestamp parser, \`t.union([x, t.null])\` on every wire field, per-field object spreads in the HSA mapping, an AsyncLocalStorage per Conomy request |`,
    `| end-to-end throughput ratio (costplus / conomy / hsa) | 0.784 / 0.823 / 0.797 | ${['costplus', 'conomy', 'hsa-provider'].map((p) => r.endToEnd[p]?.ratio ?? '-').join(' / ')} | the same, plus the raw side now replays the adapter's exact request |`,
    `| cold import of core, ms | 241 | ${r.footprint.importMs['@paylinks/core']} | the whole date-fns index was loaded; now one module per function |`,
    '',
  );
  return lines.join('\n');
}
