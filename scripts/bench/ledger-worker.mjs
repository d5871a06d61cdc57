// One process of the ledger benchmark (scripts/bench/ledger.mjs): a platform's webhook handler,
// `handleWebhook` on a PostgreSQL ledger, fed its share of the deliveries with a fixed number in
// flight. Answers how many it handled and how long it took.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = (pkg) => join(root, 'packages', pkg, 'dist/index.js');
const pg = createRequire(join(root, 'packages/postgres/package.json'))('pg');
const { fromProvider } = await import(dist('core'));
const { createLedgerClient } = await import(dist('ledger'));
const { hsaProvider } = await import(dist('hsa-provider'));
const { createPostgresLedger } = await import(dist('postgres'));

let job;
process.on('message', async (message) => {
  if (message.type === 'init') {
    job = message;
    const pool = new pg.Pool({ connectionString: job.databaseUrl, max: job.concurrency });
    const links = fromProvider(hsaProvider(job.settings));
    const client = createLedgerClient({
      ledger: createPostgresLedger({ pool, schema: job.schema }),
      links: { 'hsa-provider': links },
    });
    job.run = async () => {
      let next = 0;
      const start = performance.now();
      await Promise.all(
        Array.from({ length: job.concurrency }, async () => {
          while (next < job.deliveries.length) {
            const d = job.deliveries[next++];
            await client.handleWebhook('hsa-provider', {
              headers: d.headers,
              rawBody: Buffer.from(d.body, 'base64'),
            });
          }
        }),
      );
      const elapsedMs = performance.now() - start;
      await pool.end();
      return { count: job.deliveries.length, elapsedMs };
    };
    await pool.query('SELECT 1');
    process.send({ type: 'ready' });
  } else if (message.type === 'go') {
    process.send({ type: 'done', ...(await job.run()) });
  }
});
