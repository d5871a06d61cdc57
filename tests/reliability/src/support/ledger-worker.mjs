// A worker of the ledger proof (ledger-proof.test.ts): what one web/worker process of a platform
// does, driven by commands. Plain JavaScript because the proof forks it as a real process
// (`node ledger-worker.mjs`), which runs the built packages (dist/); the in-memory variant imports
// `createWorkerRuntime` into the test process instead. Types: ledger-worker.d.mts.
import { setTimeout as sleep } from 'node:timers/promises';

import { conomy } from '@paylinks/conomy';
import { fromProvider, PaymentLinkException } from '@paylinks/core';
import { costplus } from '@paylinks/costplus';
import { hsaProvider } from '@paylinks/hsa-provider';
import { createLedgerClient } from '@paylinks/ledger';

const factories = { costplus, conomy, 'hsa-provider': hsaProvider };

function describeError(error) {
  if (error instanceof PaymentLinkException) {
    return {
      tag: error._tag,
      message: error.message,
      status: error.error.currentStatus,
      code: error.error.code,
    };
  }
  return { tag: 'Error', message: error instanceof Error ? error.message : String(error) };
}

/**
 * One worker: a ledger client over the three providers, a fulfilment loop, and a command handler.
 * `fulfil(fulfilment, tx)` is the platform's fulfilment (it writes through `tx`).
 */
export function createWorkerRuntime({
  ledger,
  settings,
  owner,
  fulfil,
  report,
  createLeaseMs,
  fulfilmentLeaseMs,
}) {
  // Sync claims are reported as they happen, so the test can check that no link was fetched by
  // two live workers at once, even when this worker is killed before its sync call returns.
  const watched = {
    ...ledger,
    claimStaleLinks: async (claim) => {
      const links = await ledger.claimStaleLinks(claim);
      if (links.length > 0)
        report({ ev: 'sync-claimed', owner, ids: links.map((l) => `${l.provider}:${l.linkId}`) });
      return links;
    },
  };
  const links = Object.fromEntries(
    Object.entries(settings).map(([id, s]) => [id, fromProvider(factories[id](s))]),
  );
  const client = createLedgerClient({ ledger: watched, links, owner, createLeaseMs });
  const worker = client.fulfilments(
    async (fulfilment, tx) => {
      report({ ev: 'handler', id: fulfilment.id });
      try {
        await fulfil(fulfilment, tx);
      } finally {
        report({ ev: 'handler-end', id: fulfilment.id });
      }
    },
    {
      concurrency: 4,
      leaseMs: fulfilmentLeaseMs,
      pollMs: 25,
      retryDelayMs: () => 50,
      // A failed try (the database restarted under the transaction): how it failed, for the figures.
      onError: (fulfilment, error) =>
        report({ ev: 'fulfilment-failed', id: fulfilment.id, ...describeError(error) }),
    },
  );
  worker.start();

  async function handle(command) {
    try {
      switch (command.op) {
        case 'create': {
          const link = await client.create(command.provider, command.input);
          return { ok: true, linkId: link.id };
        }
        case 'deliver': {
          const outcome = await client.handleWebhook(command.provider, {
            headers: command.headers,
            rawBody: Buffer.from(command.body, 'base64'),
          });
          return { ok: true, outcome: outcome.outcome, fulfilmentId: outcome.fulfilmentId };
        }
        case 'sync':
          return { ok: true, report: await client.sync(command.options) };
        case 'adopt': {
          const link = await client.adoptIntent(command.key, command.linkId);
          return { ok: true, linkId: link.id };
        }
        case 'forget':
          await client.forgetIntent(command.key);
          return { ok: true };
        default:
          return { ok: false, tag: 'Error', message: `unknown op ${command.op}` };
      }
    } catch (error) {
      return { ok: false, ...describeError(error) };
    }
  }

  return { owner, handle, stop: () => worker.stop() };
}

async function main() {
  const config = JSON.parse(process.env.LEDGER_WORKER_CONFIG ?? '{}');
  const { default: pg } = await import('pg');
  const { createPostgresLedger } = await import('@paylinks/postgres');
  // No 'error' listener of its own on the pool: the ledger's are all a worker needs to survive
  // dropped connections (a PostgreSQL restart mid-transaction, issue 20).
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 8, connectionTimeoutMillis: 5000 });
  const ledger = createPostgresLedger({ pool, schema: config.schema });
  const runtime = createWorkerRuntime({
    ledger,
    settings: config.settings,
    owner: `worker-${config.slot}-${process.pid}`,
    createLeaseMs: config.createLeaseMs,
    fulfilmentLeaseMs: config.fulfilmentLeaseMs,
    report: (event) => process.send?.(event),
    fulfil: async (fulfilment, tx) => {
      await tx.query(
        `INSERT INTO ${config.schema}.proof_fulfilled (fulfilment_id, provider, link_id, status, owner)
         VALUES ($1, $2, $3, $4, $5)`,
        [fulfilment.id, fulfilment.provider, fulfilment.linkId, fulfilment.status, runtime.owner],
      );
      // The platform's work takes a moment, so some kills land inside a handler's transaction.
      await sleep(config.handlerMs);
    },
  });
  process.on('message', (message) => {
    void runtime
      .handle(message.command)
      .then((reply) => process.send?.({ ev: 'reply', id: message.id, reply }));
  });
  process.send?.({ ev: 'ready', owner: runtime.owner });
}

if (process.env.LEDGER_WORKER_CONFIG !== undefined && process.send !== undefined) {
  await main();
}
