// Section: decode + normalize of every documented link body, against
// `JSON.parse` of the same body, interleaved in one process.
import { linkBodies } from './fixtures.mjs';
import { interleave, round, showSpread, spread, syncRate } from './stats.mjs';

/** Target: `decodeLink` at least this fraction of `JSON.parse`'s rate on the same body. */
export const decodeTarget = 0.5;

export const decodeSection = {
  id: 'decode',
  title: 'Decode + normalize',
  async run(ctx) {
    const windowMs = ctx.quick ? 60 : 150;
    const rounds = ctx.quick ? 5 : 9;
    const out = { rounds, windowMs, bodies: {} };
    for (const provider of ctx.providers) {
      const client = ctx.factories[provider](ctx.settingsFor(provider, {}));
      out.bodies[provider] = {};
      for (const [file, text] of Object.entries(linkBodies[provider])) {
        const parsed = JSON.parse(text);
        const check = client.decodeLink(parsed);
        if (check._tag !== 'Right')
          throw new Error(`${provider} cannot decode ${file}: ${check.left.message}`);
        const sides = {
          parse: () => syncRate(() => JSON.parse(text), windowMs),
          decode: () => syncRate(() => client.decodeLink(parsed), windowMs),
          parseAndDecode: () => syncRate(() => client.decodeLink(JSON.parse(text)), windowMs),
        };
        for (const side of Object.values(sides)) side(); // warm-up: JIT
        const runs = await interleave(sides, rounds, { gc: false });
        const ratios = runs.decode.map((d, i) => d / runs.parse[i]);
        out.bodies[provider][file] = {
          bodyBytes: Buffer.byteLength(text),
          parsePerSecond: round(spread(runs.parse, 0).median),
          decodePerSecond: round(spread(runs.decode, 0).median),
          parseAndDecodePerSecond: round(spread(runs.parseAndDecode, 0).median),
          decodeOverParse: spread(ratios),
        };
      }
    }
    return out;
  },
  render(r) {
    const lines = [
      '## 1. Decode + normalize',
      '',
      'How measured: each documented link body (the fixture file named) as JSON text; in one process,',
      `three loops interleaved over ${r.rounds} rounds of ${r.windowMs} ms each (round order rotated): \`JSON.parse(text)\`,`,
      '`provider.decodeLink(object)` (the io-ts wire codec plus the mapping to `PaymentLink`, what `get`',
      'runs on an answer) on the parsed object, and both together. Rates are calls per second of process CPU',
      'time (a shared machine takes a varying share of wall time). The ratio is decodeLink calls/s over',
      'JSON.parse calls/s of the same body, per round; shown as median (lowest-highest round).',
      `Target: ratio at least ${decodeTarget} for every documented body.`,
      '',
      '| adapter | fixture | bytes | JSON.parse/s | decodeLink/s | parse + decodeLink/s | decodeLink / JSON.parse | target |',
      '|---|---|---:|---:|---:|---:|---:|---|',
    ];
    for (const [provider, files] of Object.entries(r.bodies)) {
      for (const [file, v] of Object.entries(files)) {
        lines.push(
          `| ${provider} | ${file} | ${v.bodyBytes} | ${num(v.parsePerSecond)} | ${num(v.decodePerSecond)} | ${num(v.parseAndDecodePerSecond)} | ${showSpread(v.decodeOverParse)} | ${v.decodeOverParse.median >= decodeTarget ? 'met' : 'not met'} |`,
        );
      }
    }
    return lines;
  },
  targets(r) {
    const all = Object.entries(r.bodies).flatMap(([p, files]) =>
      Object.entries(files).map(([f, v]) => ({ name: `${p} ${f}`, ratio: v.decodeOverParse.median })),
    );
    const worst = all.reduce((a, b) => (b.ratio < a.ratio ? b : a));
    return [
      {
        id: 'decode',
        target: `decodeLink >= ${decodeTarget}x JSON.parse, every documented body`,
        figure: `lowest ${worst.ratio.toFixed(2)}x (${worst.name}); ${all.map((a) => a.ratio.toFixed(2)).join(', ')}`,
        met: worst.ratio >= decodeTarget,
      },
    ];
  },
};

const num = (n) => n.toLocaleString('en-US');
