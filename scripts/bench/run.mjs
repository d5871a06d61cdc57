// `pnpm bench`: measures what paylinks costs on top of the network call it
// wraps, and writes BENCHMARKS.md and .bench/results.json. Not part of the
// test run. Ratios are measured in one run, interleaving the compared sides,
// because the machines are noisy.
import { execFileSync, fork, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { createRequire } from 'node:module';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { bodies, ids, inputs, routes } from './fixtures.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const requireFromCore = createRequire(join(root, 'packages/core/package.json'));
const axios = requireFromCore('axios');
const dist = (pkg) => join(root, 'packages', pkg, 'dist/index.js');
const { costplus } = await import(dist('costplus'));
const { conomy, signConomyWebhook } = await import(dist('conomy'));
const { hsaProvider, signHsaWebhook } = await import(dist('hsa-provider'));

const quick = process.argv.includes('--quick');
// `--only=decode,endToEnd` runs a subset and prints it without touching BENCHMARKS.md (for profiling).
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const wanted = (part) => only === undefined || only.includes(part);
const factories = { costplus, conomy, 'hsa-provider': hsaProvider };
const providers = Object.keys(factories);
const secrets = {
  apiKey: 'bench_key_0123456789',
  accessToken: 'bench_token_0123456789',
  webhookSecret: 'whsec_bench_0123456789',
};

const baseSettings = {
  costplus: { apiKey: secrets.apiKey },
  conomy: { apiKey: secrets.apiKey, accessToken: secrets.accessToken },
  'hsa-provider': { apiKey: `glm_test_${secrets.apiKey}`, webhookSecret: secrets.webhookSecret },
};
const settingsFor = (provider, extra) => ({ ...baseSettings[provider], retry: { maxRetries: 0 }, ...extra });

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const round = (n, d = 0) => Number(n.toFixed(d));

async function opsPerSecond(fn, ms) {
  for (let i = 0; i < 2000; i++) await fn(); // warm-up: JIT and caches
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (let i = 0; i < 100; i++) await fn();
    count += 100;
  }
  return (count / (performance.now() - start)) * 1000;
}

// 1. Decode + normalize: JSON text -> PaymentLink through the adapter's own codec and
// mapping (`provider.decodeLink`, what `get` runs on an answer), and, beside it, the
// whole `get` path (HTTP boundary included) over an in-memory transport.
async function benchDecode() {
  const out = {};
  for (const provider of providers) {
    const body = bodies[provider].get;
    const transport = Object.assign(() => undefined, {
      request: async () => ({ status: 200, data: body, headers: { 'content-type': 'application/json' } }),
    });
    const client = factories[provider](
      settingsFor(provider, { httpClient: transport, baseUrl: 'http://127.0.0.1:9/x' }),
    );
    const check = client.decodeLink(JSON.parse(body));
    if (check._tag !== 'Right')
      throw new Error(`${provider} cannot decode its canned body: ${check.left.message}`);
    const decode = await opsPerSecond(() => client.decodeLink(JSON.parse(body)), quick ? 500 : 1500);
    const viaGet = await opsPerSecond(() => client.get(ids[provider])(), quick ? 500 : 1500);
    out[provider] = {
      opsPerSecond: round(decode),
      getOpsPerSecond: round(viaGet),
      bodyBytes: Buffer.byteLength(body),
    };
  }
  return out;
}

function startServer() {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./canned-server.mjs', import.meta.url)), [], {
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    child.stdout.once('data', (chunk) => {
      const { port } = JSON.parse(String(chunk));
      resolve({ child, origin: `http://127.0.0.1:${port}` });
    });
    child.once('error', reject);
  });
}

async function serverStats(origin) {
  return (await axios.get(`${origin}/__stats`)).data;
}

// 2. End-to-end: create + get through the adapter vs plain axios with the same agent and instance.
async function benchEndToEnd(origin) {
  const out = {};
  const duration = quick ? 700 : 2000;
  const concurrency = 8;
  for (const provider of providers) {
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    const instance = axios.create({ httpAgent: agent });
    const base = `${origin}${routes[provider].base}`;
    const client = factories[provider](settingsFor(provider, { httpClient: instance, baseUrl: base }));
    const input = inputs[provider];
    // Raw axios sends exactly what the adapter sends: the same body and headers, captured once.
    let captured;
    const capture = instance.interceptors.request.use((config) => {
      if (config.method === 'post' && captured === undefined)
        captured = { data: config.data, headers: config.headers.toJSON() };
      return config;
    });
    const probe = await client.create(input)();
    if (probe._tag !== 'Right') throw new Error(`${provider} create failed: ${probe.left.message}`);
    instance.interceptors.request.eject(capture);
    const wire = JSON.parse(captured.data);
    const headers = Object.fromEntries(
      Object.entries(captured.headers).filter(
        ([k, v]) => typeof v === 'string' && !/^content-length$/i.test(k),
      ),
    );
    const adapterSeq = async () => {
      const created = await client.create(input)();
      if (created._tag !== 'Right') throw new Error(`${provider} create failed: ${created.left.message}`);
      const fetched = await client.get(created.right.id)();
      if (fetched._tag !== 'Right') throw new Error(`${provider} get failed: ${fetched.left.message}`);
    };
    const rawSeq = async () => {
      const created = await instance.post(`${origin}${routes[provider].create}`, wire, { headers });
      await instance.get(`${origin}${routes[provider].get(created.data.id)}`, { headers });
    };
    const run = async (seq) => {
      const latencies = [];
      const cpuBefore = process.cpuUsage();
      const start = performance.now();
      let done = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (performance.now() - start < duration) {
            const t0 = performance.now();
            await seq();
            latencies.push(performance.now() - t0);
            done += 1;
          }
        }),
      );
      const elapsed = performance.now() - start;
      const cpu = process.cpuUsage(cpuBefore);
      return {
        seqPerSecond: (done / elapsed) * 1000,
        cpuMicrosPerSeq: (cpu.user + cpu.system) / done,
        latencies,
      };
    };
    await run(adapterSeq);
    await run(rawSeq); // warm-up both sides
    const sides = { adapter: [], raw: [] };
    const ratios = [];
    for (let i = 0; i < (quick ? 2 : 5); i++) {
      const a = await run(adapterSeq);
      const r = await run(rawSeq);
      sides.adapter.push(a);
      sides.raw.push(r);
      ratios.push(a.seqPerSecond / r.seqPerSecond);
    }
    const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    const summarize = (runs) => {
      const lat = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
      return {
        seqPerSecond: round(runs.reduce((s, r) => s + r.seqPerSecond, 0) / runs.length),
        cpuMicrosPerSeq: round(median(runs.map((r) => r.cpuMicrosPerSeq)), 1),
        p50ms: round(percentile(lat, 50), 3),
        p99ms: round(percentile(lat, 99), 3),
      };
    };
    const adapter = summarize(sides.adapter);
    const raw = summarize(sides.raw);
    out[provider] = {
      adapter,
      raw,
      // Median of the per-round throughput ratios (rounds interleave the two sides).
      ratio: round(median(ratios), 3),
      // Client CPU per create+get, adapter over raw: the overhead without the network's noise.
      cpuRatio: round(raw.cpuMicrosPerSeq / adapter.cpuMicrosPerSeq, 3),
    };
    agent.destroy();
  }
  return out;
}

// 3. 1,000 concurrent creates with keep-alive through each adapter's own default agent.
async function benchConcurrency(origin) {
  const out = {};
  for (const provider of providers) {
    await axios.get(`${origin}/__reset`);
    const client = factories[provider](
      settingsFor(provider, { baseUrl: `${origin}${routes[provider].base}` }),
    );
    global.gc?.();
    const before = process.memoryUsage();
    const t0 = performance.now();
    const results = await Promise.all(Array.from({ length: 1000 }, () => client.create(inputs[provider])()));
    const elapsed = performance.now() - t0;
    global.gc?.();
    const after = process.memoryUsage();
    const stats = await serverStats(origin);
    out[provider] = {
      creates: 1000,
      errors: results.filter((r) => r._tag === 'Left').length,
      elapsedMs: round(elapsed),
      socketsOpened: stats.connections - 1, // the stats request opens one
      heapGrowthMiB: round((after.heapUsed - before.heapUsed) / 2 ** 20, 2),
      rssGrowthMiB: round((after.rss - before.rss) / 2 ** 20, 2),
    };
  }
  return out;
}

// 4. Webhook verification throughput per signing scheme.
async function benchWebhooks() {
  const now = new Date('2026-01-15T12:00:00Z');
  const conomyClient = conomy({
    apiKey: secrets.apiKey,
    accessToken: secrets.accessToken,
    webhookSecret: secrets.webhookSecret,
    now: () => now,
  });
  const hsaClient = hsaProvider({
    apiKey: `glm_test_${secrets.apiKey}`,
    webhookSecret: secrets.webhookSecret,
    now: () => now,
  });
  const costplusClient = costplus({ apiKey: secrets.apiKey });
  const conomyPayload = {
    event: 'Transaction.Captured',
    data: {
      transaction: {
        id: 'tx_1',
        purchaseAmount: '49990',
        totalAmount: '49990',
        externalId: 'inv-1234',
        currency: 'CLP',
        status: 'CAPTURED',
      },
    },
  };
  const hsaBody = JSON.stringify({
    type: 'payment_link.paid',
    data: { id: 'plink_abc123xyz', status: 'paid', amount_cents: 4995 },
  });
  const schemes = {
    'conomy body signature (HMAC-SHA256 of {event,data})': () => {
      const signed = signConomyWebhook(secrets.webhookSecret, conomyPayload, { form: 'body' });
      return { client: conomyClient, request: signed };
    },
    'conomy X-Webhook-Signature header (HMAC-SHA256 of raw body)': () => {
      const signed = signConomyWebhook(secrets.webhookSecret, conomyPayload, { form: 'header' });
      return { client: conomyClient, request: signed };
    },
    'hsa X-Gale-Signature t=,v1= (HMAC-SHA256, tolerance)': () => ({
      client: hsaClient,
      request: {
        headers: {
          'x-gale-signature': signHsaWebhook(
            secrets.webhookSecret,
            hsaBody,
            Math.floor(now.getTime() / 1000),
          ),
        },
        rawBody: hsaBody,
      },
    }),
    'hsa shared Authorization: Bearer secret': () => ({
      client: hsaClient,
      request: { headers: { authorization: `Bearer ${secrets.webhookSecret}` }, rawBody: hsaBody },
    }),
    'costplus unsigned status_changed (parse only)': () => ({
      client: costplusClient,
      request: {
        headers: {},
        rawBody: JSON.stringify({
          event: 'status_changed',
          project_id: 'p1',
          order_id: '3bb663cc-2a20-400d-8bf6-18d9695d0c66',
        }),
      },
    }),
  };
  const out = {};
  for (const [name, make] of Object.entries(schemes)) {
    const { client, request } = make();
    const check = client.parseWebhook(request);
    if (check._tag !== 'Right') throw new Error(`${name}: ${check.left.message}`);
    const ops = await opsPerSecond(() => client.parseWebhook(request), quick ? 300 : 1000);
    out[name] = { verifiedPerSecond: round(ops), verified: check.right.verified };
  }
  return out;
}

// 5. Footprint: cold import in a fresh node process (median of N), packed size.
function benchFootprint() {
  const runs = quick ? 5 : 11;
  const importMs = (path) => {
    const samples = [];
    for (let i = 0; i < runs; i++) {
      const r = spawnSync(
        process.execPath,
        [fileURLToPath(new URL('./import-time.mjs', import.meta.url)), path],
        { encoding: 'utf8' },
      );
      samples.push(Number(r.stdout.trim()));
    }
    samples.sort((a, b) => a - b);
    return round(percentile(samples, 50), 1);
  };
  const out = { importMs: {}, packed: {} };
  out.importMs['@paylinks/core'] = importMs(dist('core'));
  for (const provider of providers)
    out.importMs[`@paylinks/core + @paylinks/${provider}`] = importMs(dist(provider));
  const dir = mkdtempSync(join(tmpdir(), 'paylinks-pack-'));
  try {
    for (const pkg of ['core', ...providers, 'cli']) {
      execFileSync('pnpm', ['pack', '--pack-destination', dir], {
        cwd: join(root, 'packages', pkg),
        stdio: 'ignore',
      });
      const file = readdirSync(dir).find((f) => f.startsWith(`paylinks-${pkg}-`));
      const listing = execFileSync('tar', ['tzvf', join(dir, file)], { encoding: 'utf8' })
        .trim()
        .split('\n');
      const unpacked = listing.reduce((s, line) => s + Number(line.split(/\s+/)[2] ?? 0), 0);
      out.packed[`@paylinks/${pkg}`] = {
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

const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: round(totalmem() / 2 ** 30, 1),
  node: process.version,
  date: new Date().toISOString(),
};

const results = { machine, quick };
if (wanted('decode')) results.decode = await benchDecode();
if (wanted('endToEnd') || wanted('concurrency')) {
  const server = await startServer();
  try {
    if (wanted('endToEnd')) results.endToEnd = await benchEndToEnd(server.origin);
    if (wanted('concurrency')) results.concurrency = await benchConcurrency(server.origin);
  } finally {
    server.child.send('stop');
  }
}
if (wanted('webhooks')) results.webhooks = await benchWebhooks();
if (wanted('footprint')) results.footprint = benchFootprint();

if (only === undefined) {
  mkdirSync(join(root, '.bench'), { recursive: true });
  writeFileSync(join(root, '.bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const { renderReport } = await import('./report.mjs');
  writeFileSync(join(root, 'BENCHMARKS.md'), renderReport(results));
  // Observability overhead: its own script, which adds its own section to BENCHMARKS.md.
  results.observability = await (await import('./observability.mjs')).runObservabilityBench({ quick });
}
console.log(JSON.stringify(results, null, 2));
