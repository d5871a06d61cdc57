// Adapter against raw axios (same settings, same recorded requests) for one
// adapter at one concurrency, many short interleaved rounds: the quick A/B
// check of one change to the hot path, before the whole `pnpm bench`.
//
//   node --expose-gc scripts/bench/compare-one.mjs <adapter> [concurrency=1] [rounds=15] [windowMs=400]
//
// Prints the median and interquartile range of the per-round client-CPU ratio
// adapter / raw axios, the CPU µs per create + get of each side, and of the
// adapter over an in-memory transport (paylinks' own work, no socket, no axios).
import { rawAxiosSequence } from './baselines.mjs';
import {
  benchSettings,
  createGetSequence,
  inMemoryTransport,
  loadAdapters,
  measureWindow,
  startCannedServer,
} from './bench-setup.mjs';
import { routes } from './fixtures.mjs';
import { interleave, median, percentile, round } from './stats.mjs';

const [provider = 'hsa-provider', concurrency = '1', rounds = '15', windowMs = '400'] = process.argv.slice(2);
const { factories } = await loadAdapters();
const { child, origin, call } = await startCannedServer();
const client = (extra) =>
  factories[provider]({ ...benchSettings[provider], baseUrl: `${origin}${routes[provider].base}`, ...extra });
const adapter = createGetSequence(client({}), provider);
const inMemory = createGetSequence(client({ httpClient: inMemoryTransport(provider) }), provider);
await call('/__record/start');
await adapter();
const recorded = await call('/__record/stop');
const rawAxios = rawAxiosSequence(origin, recorded).seq;
const window = async (seq, ms) => (await measureWindow(seq, Number(concurrency), ms)).cpuMicrosPerSeq;

for (const seq of [adapter, rawAxios, inMemory]) await window(seq, 300); // warm-up
const ms = Number(windowMs);
const results = await interleave(
  {
    adapter: () => window(adapter, ms),
    rawAxios: () => window(rawAxios, ms),
    inMemory: () => window(inMemory, ms),
  },
  Number(rounds),
);
const ratios = results.adapter.map((a, i) => a / results.rawAxios[i]).sort((a, b) => a - b);
console.log(
  `${provider} c=${concurrency}: CPU adapter/raw axios ${round(median(ratios), 3)} (p25-p75 ${round(percentile(ratios, 25), 3)}-${round(percentile(ratios, 75), 3)}); µs adapter ${round(median(results.adapter), 1)}, raw axios ${round(median(results.rawAxios), 1)}, in-memory ${round(median(results.inMemory), 1)}`,
);
child.send('stop');
process.exit(0);
