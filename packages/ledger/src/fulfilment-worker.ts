// The fulfilment worker: claims due fulfilments and runs the platform's handler on each, at least once.
import { setTimeout as sleep } from 'node:timers/promises';

import type { Fulfilment, Ledger } from './ledger.js';

/**
 * The platform's fulfilment: ship the order, e-mail the receipt, release
 * the seat. Called **at least once** per fulfilment, with the same
 * `fulfilment.id` every time (after a crash, a lapsed lease or a throw).
 * Writes made through `tx` (PostgreSQL: the `pg` client of the transaction
 * that marks the fulfilment done) happen **exactly once**: they commit
 * together with the mark or not at all. Anything else the handler does
 * (an e-mail, an HTTP call) may happen again; pass `fulfilment.id` as its
 * idempotency key where the other side takes one.
 */
export type FulfilmentHandler<Tx> = (fulfilment: Fulfilment, tx: Tx) => Promise<void>;

/** Options of a {@link FulfilmentWorker}. */
export interface FulfilmentWorkerOptions {
  /** This process's name in claims (default the client's owner). */
  readonly owner?: string;
  /** Fulfilments handled at once (default 4); each holds one database connection while its handler runs. */
  readonly concurrency?: number;
  /**
   * How long a claim holds, in milliseconds (default 60 s): longer than the
   * handler ever takes. A worker that dies leaves its rows to others after it.
   */
  readonly leaseMs?: number;
  /** Wait between polls when nothing is due, in milliseconds (default 1 s). */
  readonly pollMs?: number;
  /** Wait before the next try after the handler threw, by tries so far (default 1 s doubling, at most 5 min). */
  readonly retryDelayMs?: (attempts: number) => number;
  /** Told about every failed try (the fulfilment is retried after `retryDelayMs`). */
  readonly onError?: (fulfilment: Fulfilment, error: unknown) => void;
}

/** What one round of a {@link FulfilmentWorker} did. */
export interface FulfilmentRound {
  /** Claimed rows. */
  readonly claimed: number;
  /** Handled and marked done. */
  readonly done: number;
  /** The handler threw; retried later. */
  readonly failed: number;
  /** The claim was lost before the handler ran (its lease lapsed and another worker took it). */
  readonly lost: number;
}

/** Hands due fulfilments to a handler, from as many processes as you run. */
export interface FulfilmentWorker {
  /** Claims up to `concurrency` due fulfilments and handles them. */
  runOnce(): Promise<FulfilmentRound>;
  /** Runs rounds until {@link FulfilmentWorker.stop}, polling when nothing is due. */
  start(): void;
  /** Stops after the round in progress. */
  stop(): Promise<void>;
}

const defaultRetryDelay = (attempts: number) => Math.min(1000 * 2 ** Math.max(0, attempts - 1), 300_000);

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Builds a {@link FulfilmentWorker} over a ledger; `LedgerClient.fulfilments` is the usual way. */
export function createFulfilmentWorker<Tx>(
  ledger: Ledger<Tx>,
  handler: FulfilmentHandler<Tx>,
  options: FulfilmentWorkerOptions & { readonly owner: string },
): FulfilmentWorker {
  const concurrency = options.concurrency ?? 4;
  const leaseMs = options.leaseMs ?? 60_000;
  const pollMs = options.pollMs ?? 1000;
  const retryDelay = options.retryDelayMs ?? defaultRetryDelay;
  let running: Promise<void> | undefined;
  let stopping = false;

  async function handle(fulfilment: Fulfilment): Promise<'done' | 'failed' | 'lost'> {
    try {
      const done = await ledger.completeFulfilment(fulfilment.id, options.owner, (tx) =>
        handler(fulfilment, tx),
      );
      return done ? 'done' : 'lost';
    } catch (error) {
      try {
        options.onError?.(fulfilment, error);
      } catch {
        // An observer never changes the outcome: the try is recorded as failed either way.
      }
      await ledger.failFulfilment(
        fulfilment.id,
        options.owner,
        describe(error),
        retryDelay(fulfilment.attempts),
      );
      return 'failed';
    }
  }

  async function runOnce(): Promise<FulfilmentRound> {
    const claimed = await ledger.claimFulfilments({ owner: options.owner, leaseMs, limit: concurrency });
    const outcomes = await Promise.all(claimed.map(handle));
    const count = (o: string) => outcomes.filter((x) => x === o).length;
    return { claimed: claimed.length, done: count('done'), failed: count('failed'), lost: count('lost') };
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      let round: FulfilmentRound | undefined;
      try {
        round = await runOnce();
      } catch {
        // The database was unreachable: wait a poll and try again rather than stop the worker.
      }
      if (!stopping && (round === undefined || round.claimed === 0)) await sleep(pollMs);
    }
  }

  return {
    runOnce,
    start() {
      if (running !== undefined) return;
      stopping = false;
      running = loop();
    },
    async stop() {
      stopping = true;
      await running;
      running = undefined;
    },
  };
}
