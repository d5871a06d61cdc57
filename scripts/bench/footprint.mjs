// Section: cold import in a fresh process against `import('stripe')`, and
// packed sizes.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { median, round, showSpread, spread } from './stats.mjs';

const importTimer = fileURLToPath(new URL('./import-time.mjs', import.meta.url));

/** `{ wallMs, cpuMs }` of `import(specifier)` in a fresh node process. */
function coldImport(specifier) {
  const r = spawnSync(process.execPath, [importTimer, specifier], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`import ${specifier} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

export const footprintSection = {
  id: 'footprint',
  title: 'Footprint',
  async run(ctx) {
    const rounds = ctx.quick ? 5 : 15;
    const targets = {
      '@paylinks/core': ctx.dist('core'),
      ...Object.fromEntries(ctx.providers.map((p) => [`@paylinks/core + @paylinks/${p}`, ctx.dist(p)])),
      stripe: 'stripe',
      'axios (loaded on the first request)': ctx.axiosPath,
    };
    const samples = Object.fromEntries(Object.keys(targets).map((k) => [k, []]));
    // Interleaved: each round imports every target once, in a rotated order.
    const names = Object.keys(targets);
    for (let r = 0; r < rounds; r++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(r + k) % names.length];
        samples[name].push(coldImport(targets[name]));
      }
    }
    const importMs = Object.fromEntries(
      names.map((n) => [
        n,
        {
          median: round(median(samples[n].map((s) => s.cpuMs)), 1),
          wallMedian: round(median(samples[n].map((s) => s.wallMs)), 1),
          overStripe: spread(samples[n].map((v, i) => v.cpuMs / samples.stripe[i].cpuMs)),
          wallOverStripe: spread(samples[n].map((v, i) => v.wallMs / samples.stripe[i].wallMs)),
        },
      ]),
    );
    return { rounds, importMs, packed: pack(ctx) };
  },
  render(r) {
    const lines = [
      '## 5. Footprint',
      '',
      'How measured: `await import(x)` in a fresh `node` process (startup excluded), timed as process CPU',
      '(`process.cpuUsage()`) and as wall time (`performance.now()`); ' +
        `${r.rounds} rounds, each importing every row once in`,
      "a rotated order; the ratios to `import('stripe')` (stripe-node, a root devDependency for this comparison",
      'only) are taken per round. Target: core + one adapter no slower than stripe, i.e. CPU ratio at most 1 (CPU',
      'because on a shared machine wall time mostly measures the other processes; the wall ratio is beside it).',
      '',
      '| modules | import CPU ms | over stripe (CPU) | import wall ms | over stripe (wall) | target |',
      '|---|---:|---:|---:|---:|---|',
    ];
    for (const [m, v] of Object.entries(r.importMs)) {
      const target = m.includes(' + ') ? (v.overStripe.median <= 1 ? 'met' : 'not met') : '';
      lines.push(
        `| ${m} | ${v.median} | ${showSpread(v.overStripe)} | ${v.wallMedian ?? '-'} | ${v.wallOverStripe ? showSpread(v.wallOverStripe) : '-'} | ${target} |`,
      );
    }
    lines.push(
      '',
      'Packed with `pnpm pack`:',
      '',
      '| package | tgz KiB | unpacked KiB | files |',
      '|---|---:|---:|---:|',
    );
    for (const [p, v] of Object.entries(r.packed))
      lines.push(`| ${p} | ${v.tgzKiB} | ${v.unpackedKiB} | ${v.files} |`);
    return lines;
  },
  targets(r) {
    const rows = Object.entries(r.importMs).filter(([m]) => m.includes(' + '));
    const worst = Math.max(...rows.map(([, v]) => v.overStripe.median));
    return [
      {
        id: 'import',
        target: "cold import of core + one adapter <= import('stripe')",
        figure: rows.map(([m, v]) => `${m.split(' + ')[1]} ${v.overStripe.median.toFixed(2)}x`).join(', '),
        met: worst <= 1,
      },
    ];
  },
};

function pack(ctx) {
  const out = {};
  const dir = mkdtempSync(join(tmpdir(), 'paylinks-pack-'));
  try {
    for (const pkg of ['core', ...ctx.providers, 'cli']) {
      execFileSync('pnpm', ['pack', '--pack-destination', dir], {
        cwd: join(ctx.root, 'packages', pkg),
        stdio: 'ignore',
      });
      const file = readdirSync(dir).find((f) => f.startsWith(`paylinks-${pkg}-`));
      const listing = execFileSync('tar', ['tzvf', join(dir, file)], { encoding: 'utf8' })
        .trim()
        .split('\n');
      const unpacked = listing.reduce((s, line) => s + Number(line.split(/\s+/)[2] ?? 0), 0);
      out[`@paylinks/${pkg}`] = {
        tgzKiB: round(statSync(join(dir, file)).size / 1024, 1),
        unpackedKiB: round(unpacked / 1024, 1),
        files: listing.length,
      };
      rmSync(join(dir, file));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
