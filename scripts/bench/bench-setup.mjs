// What every bench script sets up the same way: the built adapters, their settings, the
// loopback server answering documented bodies, the in-memory transport, the create + get
// sequence and the measuring window. One copy, so a profile or a quick A/B runs exactly what
// `pnpm bench` runs.
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { answers, inputs } from './fixtures.mjs';
import { percentile } from './stats.mjs';

/** The repository root. */
export const root = fileURLToPath(new URL('../../', import.meta.url));

/** A package's built entry. */
export const dist = (pkg) => join(root, 'packages', pkg, 'dist/index.js');

/** The adapter packages' modules merged, and each adapter's factory by id. */
export async function loadAdapters() {
  const modules = {
    ...(await import(dist('costplus'))),
    ...(await import(dist('conomy'))),
    ...(await import(dist('hsa-provider'))),
  };
  const factories = {
    costplus: modules.costplus,
    conomy: modules.conomy,
    'hsa-provider': modules.hsaProvider,
  };
  return { modules, factories };
}

/** The credentials the benches use (the leak checks look for them). */
export const benchSecrets = {
  apiKey: 'bench_key_0123456789',
  accessToken: 'bench_token_0123456789',
  webhookSecret: 'whsec_bench_0123456789',
};

/** Each adapter's settings as a user would give them (defaults for everything else). */
export const benchSettings = {
  costplus: { apiKey: benchSecrets.apiKey },
  conomy: { apiKey: benchSecrets.apiKey, accessToken: benchSecrets.accessToken },
  'hsa-provider': { apiKey: `glm_test_${benchSecrets.apiKey}`, webhookSecret: benchSecrets.webhookSecret },
};

/** The loopback server of canned-server.mjs, in its own process (not the one measured or profiled). */
export function startCannedServer() {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./canned-server.mjs', import.meta.url)), [], {
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
      execArgv: [],
    });
    child.stdout.once('data', (chunk) => {
      const origin = `http://127.0.0.1:${JSON.parse(String(chunk)).port}`;
      const call = async (path) => (await fetch(`${origin}${path}`)).json();
      resolve({ child, origin, call });
    });
    child.once('error', reject);
  });
}

/**
 * An axios stand-in answering the documented bodies from memory: the adapter's own work on a
 * create + get (checks, boundary, decoding, mapping) with no socket and no axios.
 */
export const inMemoryTransport = (provider) =>
  Object.assign(() => undefined, {
    request: async (config) => ({
      status: config.method === 'POST' ? 201 : 200,
      data: config.method === 'POST' ? answers[provider].create : answers[provider].get,
      headers: { 'content-type': 'application/json' },
    }),
  });

/** One create of the provider's documented input, then a get of the link made, through `client`. */
export function createGetSequence(client, provider) {
  const input = inputs[provider];
  return async () => {
    const created = await client.create(input)();
    if (created._tag !== 'Right') throw new Error(`${provider} create failed: ${created.left.message}`);
    const fetched = await client.get(created.right.id)();
    if (fetched._tag !== 'Right') throw new Error(`${provider} get failed: ${fetched.left.message}`);
  };
}

/** One window: `concurrency` loops running `seq` for `ms`; client CPU and latency per sequence. */
export async function measureWindow(seq, concurrency, ms) {
  const latencies = [];
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() - start < ms) {
        const t0 = performance.now();
        await seq();
        latencies.push(performance.now() - t0);
        done += 1;
      }
    }),
  );
  const elapsed = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort((a, b) => a - b);
  return {
    seqPerSecond: (done / elapsed) * 1000,
    cpuMicrosPerSeq: (cpu.user + cpu.system) / done,
    p50ms: percentile(latencies, 50),
    p99ms: percentile(latencies, 99),
  };
}
