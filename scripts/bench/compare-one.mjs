// Adapter against raw axios (same settings, same recorded requests) for one
// adapter at one concurrency, many short interleaved rounds: the quick A/B
// check of one change to the hot path, before the whole `pnpm bench`.
//
//   node --expose-gc scripts/bench/compare-one.mjs <adapter> [concurrency=1] [rounds=15] [windowMs=400]
//
// Prints the median and interquartile range of the per-round client-CPU ratio
// adapter / raw axios, the CPU µs per create + get of each side, and of the
// adapter over an in-memory transport (paylinks' own work, no socket, no axios).
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { rawAxiosSequence } from './baselines.mjs';
import { answers, inputs, routes } from './fixtures.mjs';
import { interleave, median, percentile, round } from './stats.mjs';

const [provider = 'hsa-provider', concurrency = '1', rounds = '15', windowMs = '400'] = process.argv.slice(2);
const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = (pkg) => join(root, 'packages', pkg, 'dist/index.js');
const factories = {
  costplus: (await import(dist('costplus'))).costplus,
  conomy: (await import(dist('conomy'))).conomy,
  'hsa-provider': (await import(dist('hsa-provider'))).hsaProvider,
};
const settings = {
  costplus: { apiKey: 'bench_key_0123456789' },
  conomy: { apiKey: 'bench_key_0123456789', accessToken: 'bench_token_0123456789' },
  'hsa-provider': { apiKey: 'glm_test_bench_key_0123456789' },
};

const child = fork(fileURLToPath(new URL('./canned-server.mjs', import.meta.url)), [], {
  stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  execArgv: [],
});
const origin = await new Promise((resolve) =>
  child.stdout.once('data', (c) => resolve(`http://127.0.0.1:${JSON.parse(String(c)).port}`)),
);
const call = async (path) => (await fetch(`${origin}${path}`)).json();

const sequence = (client) => async () => {
  const created = await client.create(inputs[provider])();
  if (created._tag !== 'Right') throw new Error(created.left.message);
  const fetched = await client.get(created.right.id)();
  if (fetched._tag !== 'Right') throw new Error(fetched.left.message);
};
const adapter = sequence(
  factories[provider]({ ...settings[provider], baseUrl: `${origin}${routes[provider].base}` }),
);
const inMemory = sequence(
  factories[provider]({
    ...settings[provider],
    baseUrl: `${origin}${routes[provider].base}`,
    httpClient: Object.assign(() => undefined, {
      request: async (config) => ({
        status: config.method === 'POST' ? 201 : 200,
        data: config.method === 'POST' ? answers[provider].create : answers[provider].get,
        headers: { 'content-type': 'application/json' },
      }),
    }),
  }),
);
await call('/__record/start');
await adapter();
const recorded = await call('/__record/stop');
const rawAxios = rawAxiosSequence(origin, recorded).seq;

async function window(seq, ms) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  let done = 0;
  await Promise.all(
    Array.from({ length: Number(concurrency) }, async () => {
      while (performance.now() - start < ms) {
        await seq();
        done += 1;
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / done;
}

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
