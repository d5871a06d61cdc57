// What observability costs per call: `links.on` listeners and OpenTelemetry spans, against the
// same client with both off. A `get` over an in-memory transport (no socket), so the added CPU is
// measured against the smallest whole call there is; against a real network call it is a smaller
// share. Rounds interleave the variants and report client CPU time per call (process.cpuUsage),
// which scheduling noise moves less than wall time; the "off again" row is the baseline measured
// a second time in the same rounds: its ratio is the noise band.
//
// `node --expose-gc scripts/bench/observability.mjs [--quick]` (after `pnpm build`) writes its own
// section of BENCHMARKS.md; `pnpm bench` runs it after the other parts.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { answers } from './fixtures.mjs';
import { replaceMarkedSection } from './report.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
// The OpenTelemetry packages are core's devDependencies: resolve them from there.
const requireFromCore = createRequire(join(root, 'packages/core/package.json'));
const dist = (pkg) => join(root, 'packages', pkg, 'dist/index.js');

const start = '<!-- observability bench: start -->';
const end = '<!-- observability bench: end -->';

const quantile = (xs, q) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const round = (n, d = 0) => Number(n.toFixed(d));

/** Client CPU microseconds per call of `fn`, over `calls` calls. */
async function cpuMicrosPerCall(fn, calls) {
  const before = process.cpuUsage();
  for (let i = 0; i < calls; i++) await fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / calls;
}

/**
 * Runs the observability benchmark and answers the figures; run alone (`write`), it also writes its
 * section of BENCHMARKS.md. Under `pnpm bench` it is a section of run.mjs ({@link observabilitySection}).
 */
export async function runObservabilityBench({ quick = false, write = true } = {}) {
  const { fromProvider } = await import(dist('core'));
  const { hsaProvider } = await import(dist('hsa-provider'));
  const { BasicTracerProvider } = requireFromCore('@opentelemetry/sdk-trace-base');

  const body = answers['hsa-provider'].get;
  const transport = Object.assign(() => undefined, {
    request: async () => ({ status: 200, data: body, headers: { 'x-request-id': 'req_bench' } }),
  });
  const provider = hsaProvider({
    apiKey: 'glm_test_bench_key_0123456789',
    baseUrl: 'https://api.example.test/v2',
    httpClient: transport,
    retry: { maxRetries: 0 },
  });
  // Spans are made and ended as with any SDK, then dropped by the processor: what is measured is
  // paylinks making them, not an exporter shipping them.
  let exported = 0;
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [
      {
        onStart: () => undefined,
        onEnd: () => {
          exported += 1;
        },
        forceFlush: async () => undefined,
        shutdown: async () => undefined,
      },
    ],
  });
  let heard = 0;
  const listen = (links) => {
    for (const kind of ['request', 'response', 'retry', 'error']) links.on(kind, () => (heard += 1));
    return links;
  };
  const id = JSON.parse(body).id;
  const off = fromProvider(provider, { tracing: false });
  const variants = {
    'events and tracing off (as without @opentelemetry/api)': () => off.te.get(id)(),
    'off again (noise band)': () => off.te.get(id)(),
    '@opentelemetry/api installed, no SDK registered': (() => {
      const links = fromProvider(provider);
      return () => links.te.get(id)();
    })(),
    'a listener on each event': (() => {
      const links = listen(fromProvider(provider, { tracing: false }));
      return () => links.te.get(id)();
    })(),
    'OpenTelemetry SDK recording (2 spans per call)': (() => {
      const links = fromProvider(provider, { tracing: { tracerProvider } });
      return () => links.te.get(id)();
    })(),
    'listeners and OpenTelemetry SDK': (() => {
      const links = listen(fromProvider(provider, { tracing: { tracerProvider } }));
      return () => links.te.get(id)();
    })(),
  };
  // A reference, not a call: what the SDK itself takes to make and end the two spans a call has.
  const sdkTracer = tracerProvider.getTracer('bench');
  const attributes = {
    'http.request.method': 'GET',
    'url.template': '/v2/payment-links/{id}',
    'server.port': 443,
  };
  variants['reference: the SDK making and ending 2 spans, nothing else'] = async () => {
    const outer = sdkTracer.startSpan('paylinks.get', { attributes });
    const inner = sdkTracer.startSpan('GET /v2/payment-links/{id}', { kind: 2, attributes });
    inner.setAttribute('http.response.status_code', 200);
    inner.end();
    outer.end();
    return { _tag: 'Right' };
  };
  const names = Object.keys(variants);
  const baseline = names[0];
  for (const name of names) {
    const check = await variants[name]();
    if (check._tag !== 'Right') throw new Error(`${name}: ${check.left.message}`);
    for (let i = 0; i < 3000; i++) await variants[name](); // warm-up: JIT
  }

  const rounds = quick ? 60 : 200;
  const calls = quick ? 300 : 500;
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  const ratios = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    globalThis.gc?.();
    // A different order each round, so no variant always runs first (or right after a gc).
    const order = names.map((n, i) => names[(i + r) % names.length]);
    const round = {};
    for (const name of order) round[name] = await cpuMicrosPerCall(variants[name], calls);
    for (const name of names) {
      samples[name].push(round[name]);
      ratios[name].push(round[name] / round[baseline]);
    }
  }
  if (exported === 0 || heard === 0) throw new Error('the traced and listened variants recorded nothing');

  // The 10th percentile over rounds: on a shared machine most rounds are slowed by other work, the
  // fastest ones are the cost itself. The median is given beside it.
  const p10 = (name) => quantile(samples[name], 0.1);
  const figures = {
    quick,
    loadAverage: round(loadavg()[0], 1),
    provider: 'hsa-provider',
    rounds,
    callsPerRound: calls,
    variants: Object.fromEntries(
      names.map((name) => [
        name,
        {
          cpuMicrosPerCall: round(p10(name), 2),
          medianMicrosPerCall: round(quantile(samples[name], 0.5), 2),
          addedMicrosPerCall: round(p10(name) - p10(baseline), 2),
          ratio: round(p10(name) / p10(baseline), 3),
          ratioP25: round(quantile(ratios[name], 0.25), 3),
          ratioP75: round(quantile(ratios[name], 0.75), 3),
        },
      ]),
    ),
  };
  if (write) writeSection(figures, quick);
  return figures;
}

/** The lines of the section, for run.mjs's report and for writing it alone. */
export function observabilityLines(figures, quick = figures.quick) {
  const lines = [
    '## Observability overhead',
    '',
    `Reproduce with \`pnpm bench\`, or this part alone: \`pnpm build && node --expose-gc scripts/bench/observability.mjs\`${quick ? ' (this run: `--quick`)' : ''}.`,
    '',
    `Client CPU per \`get\` (${figures.provider}) over an in-memory transport, so no socket is involved and the`,
    'added cost is measured against the smallest whole call there is. Each of the',
    `${figures.rounds} rounds runs every variant ${figures.callsPerRound.toLocaleString('en-US')} times, in a rotating order. On a shared machine most`,
    'rounds are slowed by other work, so the table gives the 10th percentile over rounds (the median',
    'beside it), the ratio of those to the first row, and the 25th-75th percentile of the per-round',
    'ratios. "Off again" is the first row measured a second time: its ratio is the noise.',
    `Load average (1 min) when the run ended: ${figures.loadAverage} on this machine's cores.`,
    '',
    '| variant | CPU µs / call (p10) | median | added µs / call | ratio | per-round ratio p25-p75 |',
    '|---|---:|---:|---:|---:|---|',
  ];
  for (const [name, v] of Object.entries(figures.variants)) {
    lines.push(
      `| ${name} | ${v.cpuMicrosPerCall} | ${v.medianMicrosPerCall} | ${v.addedMicrosPerCall} | ${v.ratio} | ${v.ratioP25}-${v.ratioP75} |`,
    );
  }
  lines.push(
    '',
    'With events and tracing off, a client operation checks one counter and one setting, and the boundary',
    'reads one property per call; no event object or span is built. With `@opentelemetry/api` installed but',
    'no SDK, each operation starts one non-recording span and nothing else. With the SDK recording, the',
    'two spans themselves are the last row when made in a tight loop; in a call they also add garbage',
    'the collector has to sweep. For scale, a loopback create + get costs about 580 µs of client CPU',
    '(section 2).',
  );
  return lines;
}

/** The section as run.mjs lists it. */
export const observabilitySection = {
  id: 'observability',
  title: 'Observability overhead',
  markers: { start, end },
  run: (ctx) => runObservabilityBench({ quick: ctx.quick, write: false }),
  render: (figures) => [start, ...observabilityLines(figures), end],
};

function writeSection(figures, quick) {
  const path = join(root, 'BENCHMARKS.md');
  const text = readFileSync(path, 'utf8');
  const section = [start, ...observabilityLines(figures, quick), end].join('\n');
  writeFileSync(path, replaceMarkedSection(text, { start, end }, section));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await runObservabilityBench({ quick: process.argv.includes('--quick') });
  console.log(JSON.stringify(figures, null, 2));
}
