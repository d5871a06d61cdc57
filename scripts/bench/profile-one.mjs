// Runs one side of the end-to-end comparison alone, for `node --cpu-prof`:
//
//   node --cpu-prof --cpu-prof-dir=.bench/prof scripts/bench/profile-one.mjs <adapter> <adapter|rawAxios|nodeHttp|inMemory> [concurrency=1] [seconds=5]
//   node scripts/bench/profile-summary.mjs .bench/prof/<newest>.cpuprofile
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { nodeHttpSequence, rawAxiosSequence } from './baselines.mjs';
import { answers, inputs, routes } from './fixtures.mjs';

const [provider = 'hsa-provider', side = 'adapter', concurrency = '1', seconds = '5'] = process.argv.slice(2);
const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = (pkg) => join(root, 'packages', pkg, 'dist/index.js');
const { costplus } = await import(dist('costplus'));
const { conomy } = await import(dist('conomy'));
const { hsaProvider } = await import(dist('hsa-provider'));
const factories = { costplus, conomy, 'hsa-provider': hsaProvider };
const settings = {
  costplus: { apiKey: 'bench_key_0123456789' },
  conomy: { apiKey: 'bench_key_0123456789', accessToken: 'bench_token_0123456789' },
  'hsa-provider': { apiKey: 'glm_test_bench_key_0123456789' },
};

const child = fork(fileURLToPath(new URL('./canned-server.mjs', import.meta.url)), [], {
  stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  execArgv: [], // the server is not the process being measured (nor profiled)
});
const origin = await new Promise((resolve) =>
  child.stdout.once('data', (c) => resolve(`http://127.0.0.1:${JSON.parse(String(c)).port}`)),
);
const call = async (path) => (await fetch(`${origin}${path}`)).json();

// inMemory: the adapter over an axios stand-in answering the documented bodies (paylinks' own work alone).
const inMemoryTransport = Object.assign(() => undefined, {
  request: async (config) => ({
    status: config.method === 'POST' ? 201 : 200,
    data: config.method === 'POST' ? answers[provider].create : answers[provider].get,
    headers: { 'content-type': 'application/json' },
  }),
});
const client = factories[provider]({
  ...settings[provider],
  baseUrl: `${origin}${routes[provider].base}`,
  ...(side === 'inMemory' ? { httpClient: inMemoryTransport } : {}),
});
const adapter = async () => {
  const created = await client.create(inputs[provider])();
  if (created._tag !== 'Right') throw new Error(created.left.message);
  const fetched = await client.get(created.right.id)();
  if (fetched._tag !== 'Right') throw new Error(fetched.left.message);
};
await call('/__record/start');
await adapter();
const recorded = await call('/__record/stop');
const seq = {
  adapter,
  inMemory: adapter,
  rawAxios: rawAxiosSequence(origin, recorded).seq,
  nodeHttp: nodeHttpSequence(origin, recorded).seq,
}[side];

const start = performance.now();
const cpu = process.cpuUsage();
let done = 0;
await Promise.all(
  Array.from({ length: Number(concurrency) }, async () => {
    while (performance.now() - start < Number(seconds) * 1000) {
      await seq();
      done += 1;
    }
  }),
);
const used = process.cpuUsage(cpu);
console.log(
  `${provider} ${side} c=${concurrency}: ${done} seq, ${((used.user + used.system) / done).toFixed(1)} µs CPU/seq`,
);
child.send('stop');
process.exit(0);
