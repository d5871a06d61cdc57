// Section: create + get through each adapter against a loopback server, with
// raw axios (the adapter's settings) and bare node:http replaying the same
// requests, interleaved in one run.
import { nodeHttpSequence, rawAxiosSequence } from './baselines.mjs';
import { createGetSequence, inMemoryTransport, measureWindow } from './bench-setup.mjs';
import { interleave, median, round, showSpread, spread } from './stats.mjs';

/** Target: adapter client CPU per create + get at most this multiple of raw axios's. */
export const cpuTarget = 1.15;
/** Target: adapter throughput at least this fraction of raw axios's. */
export const throughputTarget = 0.9;

function adapterSequence(ctx, provider, extra = {}) {
  const client = ctx.factories[provider](
    ctx.settingsFor(provider, { baseUrl: ctx.baseUrl(provider), ...extra }),
  );
  return createGetSequence(client, provider);
}

export const endToEndSection = {
  id: 'endToEnd',
  title: 'End-to-end create + get',
  needsServer: true,
  async run(ctx) {
    const windowMs = ctx.quick ? 400 : 1000;
    const rounds = ctx.quick ? 3 : 7;
    const levels = [1, 16];
    const out = { rounds, windowMs, levels, adapters: {} };
    for (const provider of ctx.providers) {
      const adapter = adapterSequence(ctx, provider);
      // One create + get through the adapter, recorded by the server: what the baselines replay.
      await ctx.server.call('/__record/start');
      await adapter();
      const recorded = await ctx.server.call('/__record/stop');
      const inMemory = adapterSequence(ctx, provider, { httpClient: inMemoryTransport(provider) });
      const raw = rawAxiosSequence(ctx.server.origin, recorded);
      const floor = nodeHttpSequence(ctx.server.origin, recorded);
      out.adapters[provider] = { requests: recorded.map((r) => `${r.method} ${r.path.split('?')[0]}`) };
      for (const concurrency of levels) {
        const sides = {
          adapter: () => measureWindow(adapter, concurrency, windowMs),
          rawAxios: () => measureWindow(raw.seq, concurrency, windowMs),
          nodeHttp: () => measureWindow(floor.seq, concurrency, windowMs),
          inMemory: () => measureWindow(inMemory, concurrency, windowMs),
        };
        for (const side of Object.values(sides)) await side(); // warm-up: JIT, sockets
        const runs = await interleave(sides, rounds);
        const perRound = (f) =>
          runs.adapter.map((_, i) => f(runs.adapter[i], runs.rawAxios[i], runs.nodeHttp[i]));
        const cpu = (side) => round(median(runs[side].map((w) => w.cpuMicrosPerSeq)), 1);
        const rate = (side) => round(median(runs[side].map((w) => w.seqPerSecond)));
        const latency = (side, key) => round(median(runs[side].map((w) => w[key])), 2);
        out.adapters[provider][concurrency] = {
          seqPerSecond: { adapter: rate('adapter'), rawAxios: rate('rawAxios'), nodeHttp: rate('nodeHttp') },
          cpuMicrosPerSeq: {
            adapter: cpu('adapter'),
            rawAxios: cpu('rawAxios'),
            nodeHttp: cpu('nodeHttp'),
            inMemory: cpu('inMemory'),
          },
          p50ms: { adapter: latency('adapter', 'p50ms'), rawAxios: latency('rawAxios', 'p50ms') },
          p99ms: { adapter: latency('adapter', 'p99ms'), rawAxios: latency('rawAxios', 'p99ms') },
          throughputRatio: spread(perRound((a, r) => a.seqPerSecond / r.seqPerSecond)),
          cpuRatio: spread(perRound((a, r) => a.cpuMicrosPerSeq / r.cpuMicrosPerSeq)),
          paylinksShare: spread(
            perRound((a, r) => (a.cpuMicrosPerSeq - r.cpuMicrosPerSeq) / a.cpuMicrosPerSeq),
          ),
          axiosShare: spread(
            perRound((a, r, n) => (r.cpuMicrosPerSeq - n.cpuMicrosPerSeq) / a.cpuMicrosPerSeq),
          ),
          nodeHttpShare: spread(perRound((a, _, n) => n.cpuMicrosPerSeq / a.cpuMicrosPerSeq)),
        };
      }
      raw.close();
      floor.close();
    }
    return out;
  },
  render(r) {
    const lines = [
      '## 2. End-to-end create + get against raw axios and node:http',
      '',
      'How measured: a loopback server in its own process answers the documented bodies (section 1',
      'fixtures). One create + get runs through the adapter (default settings: its own axios instance and',
      'keep-alive agent) while the server records the requests; two baselines then replay exactly those',
      'requests (method, path, headers, body bytes, a fresh idempotency key per create where the adapter',
      'sends one) and `JSON.parse` every answer:',
      '',
      "- **raw axios**: `axios.create` with the adapter's agent options (keep-alive, 64 sockets) and per",
      "  request the options core's `sendTry` passes (`responseType: 'text'`, identity `transformResponse`,",
      '  any status, `maxRedirects: 0`, the 2 MiB `maxContentLength`); without the deadline signal and write',
      '  tracker, which are paylinks work and count on the adapter side;',
      '- **node:http**: `http.request` with a keep-alive agent of the same options, the floor under any client.',
      '',
      `Each side runs \`concurrency\` loops of create + get for ${r.windowMs} ms; ${r.rounds} rounds, the order of the`,
      'sides rotated each round, a forced GC before each window. Client CPU is `process.cpuUsage()` of the',
      'client process over the window divided by sequences completed (the server is another process). Ratios',
      'are computed per round, adapter over raw axios, and shown as median (lowest-highest round).',
      `Targets: CPU ratio at most ${cpuTarget}, throughput ratio at least ${throughputTarget}, at concurrency 1 and 16.`,
      '',
      '| adapter | conc. | seq/s adapter / raw axios / node:http | throughput adapter / raw axios | client CPU µs per create+get adapter / raw axios / node:http | CPU adapter / raw axios | targets | p50 ms adapter / raw | p99 ms adapter / raw |',
      '|---|---:|---:|---:|---:|---:|---|---:|---:|',
    ];
    for (const [p, v] of Object.entries(r.adapters)) {
      for (const c of r.levels) {
        const x = v[c];
        const met = [
          x.cpuRatio.median <= cpuTarget ? 'CPU met' : 'CPU not met',
          x.throughputRatio.median >= throughputTarget ? 'throughput met' : 'throughput not met',
        ].join(', ');
        lines.push(
          `| ${p} | ${c} | ${num(x.seqPerSecond.adapter)} / ${num(x.seqPerSecond.rawAxios)} / ${num(x.seqPerSecond.nodeHttp)} | ${showSpread(x.throughputRatio)} | ${x.cpuMicrosPerSeq.adapter} / ${x.cpuMicrosPerSeq.rawAxios} / ${x.cpuMicrosPerSeq.nodeHttp} | ${showSpread(x.cpuRatio)} | ${met} | ${x.p50ms.adapter} / ${x.p50ms.rawAxios} | ${x.p99ms.adapter} / ${x.p99ms.rawAxios} |`,
        );
      }
    }
    lines.push(
      '',
      '### Where a create + get spends client CPU',
      '',
      "Shares of the adapter's CPU per create + get, per round then median (lowest-highest): node:http is the",
      'floor, axios is raw axios minus node:http, paylinks is the adapter minus raw axios (input checks, the',
      'boundary, decoding and mapping). Watch the paylinks column: a change that makes it grow shows here.',
      'Beside it, the same create + get through the adapter over an in-memory transport answering the same',
      'bodies (no socket, no axios; its two `JSON.parse` calls included): the CPU of paylinks own work,',
      'measured in the same interleaved rounds.',
      '',
      '| adapter | conc. | requests per create + get | node:http | axios | paylinks | paylinks µs (adapter - raw axios) | in-memory create + get µs |',
      '|---|---:|---|---:|---:|---:|---:|---:|',
    );
    for (const [p, v] of Object.entries(r.adapters)) {
      for (const c of r.levels) {
        const x = v[c];
        lines.push(
          `| ${p} | ${c} | ${v.requests.join(', ')} | ${pct(x.nodeHttpShare)} | ${pct(x.axiosShare)} | ${pct(x.paylinksShare)} | ${round(x.cpuMicrosPerSeq.adapter - x.cpuMicrosPerSeq.rawAxios, 1)} | ${x.cpuMicrosPerSeq.inMemory ?? '-'} |`,
        );
      }
    }
    return lines;
  },
  targets(r) {
    const rows = Object.entries(r.adapters).flatMap(([p, v]) => r.levels.map((c) => ({ p, c, x: v[c] })));
    const worstCpu = rows.reduce((a, b) => (b.x.cpuRatio.median > a.x.cpuRatio.median ? b : a));
    const worstRate = rows.reduce((a, b) =>
      b.x.throughputRatio.median < a.x.throughputRatio.median ? b : a,
    );
    const list = (f) => rows.map(({ p, c, x }) => `${p}@${c} ${f(x).median.toFixed(2)}`).join(', ');
    return [
      {
        id: 'cpu',
        target: `client CPU per create + get <= ${cpuTarget}x raw axios (same settings), conc. 1 and 16, every adapter`,
        figure: list((x) => x.cpuRatio),
        met: worstCpu.x.cpuRatio.median <= cpuTarget,
      },
      {
        id: 'throughput',
        target: `throughput >= ${throughputTarget}x raw axios, conc. 1 and 16, every adapter`,
        figure: list((x) => x.throughputRatio),
        met: worstRate.x.throughputRatio.median >= throughputTarget,
      },
      {
        id: 'share',
        target: 'paylinks share of a create + get CPU visible per adapter',
        figure: rows.map(({ p, c, x }) => `${p}@${c} ${pct(x.paylinksShare, false)}`).join(', '),
        met: true,
      },
    ];
  },
};

const num = (n) => n.toLocaleString('en-US');
const pct = (s, withRange = true) =>
  withRange
    ? `${(s.median * 100).toFixed(0)}% (${(s.min * 100).toFixed(0)}-${(s.max * 100).toFixed(0)})`
    : `${(s.median * 100).toFixed(0)}%`;
