import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import type { Fulfilment, Ledger } from '@paylinks/ledger';

import {
  createWorkerRuntime,
  type WorkerCommand,
  type WorkerEvent,
  type WorkerReply,
  type WorkerRuntime,
} from './ledger-worker.mjs';

/** The processes (or in-process stand-ins) the proof sends commands to. */
export interface ProofWorkers {
  /** Slots whose worker can take a command now. */
  ready(): ReadonlyArray<number>;
  /** Sends a command; `undefined` when the worker was killed before it answered. */
  send(slot: number, command: WorkerCommand): Promise<WorkerReply | undefined>;
  /** SIGKILLs the worker of a slot and starts another in its place (forked workers only). */
  kill?(slot: number): void;
  /** Every worker event (sync claims, handler calls), with the time it arrived. */
  readonly events: Array<WorkerEvent & { readonly at: number }>;
  /** When each worker (by owner) died, for workers that were killed. */
  readonly deaths: Map<string, number>;
  /** Workers started, replacements included. */
  started(): number;
  /** Workers that ended without being killed by the proof (a crash), with how they ended. */
  unplannedExits(): ReadonlyArray<string>;
  close(): Promise<void>;
}

/** What each worker needs to know. */
export interface WorkerConfig {
  readonly settings: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly createLeaseMs: number;
  readonly fulfilmentLeaseMs: number;
}

const workerScript = fileURLToPath(new URL('./ledger-worker.mjs', import.meta.url));

interface Slot {
  child: ChildProcess;
  owner?: string;
  ready: boolean;
  /** Killed by the proof (a planned death). */
  killed?: boolean;
  pending: Map<number, (reply: WorkerReply | undefined) => void>;
}

/**
 * Worker processes (`child_process.fork` of ledger-worker.mjs, running the built packages) sharing
 * one PostgreSQL schema. A killed worker is replaced at once; its unanswered commands answer
 * `undefined`, as a request whose process died answers nothing.
 */
export function forkWorkers(
  count: number,
  config: WorkerConfig & {
    readonly databaseUrl: string;
    readonly schema: string;
    readonly handlerMs: number;
  },
): Promise<ProofWorkers> {
  const slots: Slot[] = [];
  const events: Array<WorkerEvent & { at: number }> = [];
  const deaths = new Map<string, number>();
  const unplanned: string[] = [];
  let nextId = 0;
  let starts = 0;
  let closing = false;

  const start = (index: number): Promise<void> =>
    new Promise((resolve) => {
      starts += 1;
      const child = fork(workerScript, [], {
        env: { ...process.env, LEDGER_WORKER_CONFIG: JSON.stringify({ ...config, slot: index }) },
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      const slot: Slot = { child, ready: false, pending: new Map() };
      slots[index] = slot;
      child.on('message', (message: { ev: string; id?: number; reply?: WorkerReply; owner?: string }) => {
        if (message.ev === 'ready') {
          slot.ready = true;
          if (message.owner !== undefined) slot.owner = message.owner;
          resolve();
        } else if (message.ev === 'reply' && message.id !== undefined) {
          slot.pending.get(message.id)?.(message.reply);
          slot.pending.delete(message.id);
        } else {
          events.push({ ...(message as unknown as WorkerEvent), at: Date.now() });
        }
      });
      child.on('exit', (code, signal) => {
        if (!closing && !slot.killed)
          unplanned.push(`${slot.owner ?? `slot ${index}`}: ${signal ?? `exit ${code}`}`);
        slot.ready = false;
        for (const answer of slot.pending.values()) answer(undefined);
        slot.pending.clear();
        resolve();
      });
    });

  return Promise.all(Array.from({ length: count }, (_, i) => start(i))).then(() => ({
    events,
    deaths,
    started: () => starts,
    unplannedExits: () => unplanned,
    ready: () => slots.flatMap((s, i) => (s.ready ? [i] : [])),
    send(slot, command) {
      const target = slots[slot];
      if (target === undefined || !target.ready) return Promise.resolve(undefined);
      const id = (nextId += 1);
      return new Promise((resolve) => {
        target.pending.set(id, resolve);
        target.child.send({ id, command }, (error) => {
          if (error !== null) {
            target.pending.delete(id);
            resolve(undefined);
          }
        });
      });
    },
    kill(index) {
      const target = slots[index];
      if (target === undefined || !target.ready) return;
      target.ready = false;
      target.killed = true;
      if (target.owner !== undefined) deaths.set(target.owner, Date.now());
      target.child.kill('SIGKILL');
      if (!closing) void start(index);
    },
    async close() {
      closing = true;
      await Promise.all(
        slots.map(
          (s) =>
            new Promise<void>((resolve) => {
              if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
              s.child.once('exit', () => resolve());
              s.child.kill('SIGTERM');
            }),
        ),
      );
    },
  }));
}

/** The same workers inside this process, sharing one in-memory ledger (no kills). */
export function inProcessWorkers<Tx>(
  count: number,
  config: WorkerConfig & {
    readonly ledger: Ledger<Tx>;
    readonly fulfil: (fulfilment: Fulfilment, tx: Tx) => Promise<void>;
  },
): ProofWorkers {
  const events: Array<WorkerEvent & { at: number }> = [];
  const runtimes: WorkerRuntime[] = Array.from({ length: count }, (_, i) =>
    createWorkerRuntime({
      ledger: config.ledger,
      settings: config.settings,
      owner: `in-process-${i}`,
      fulfil: config.fulfil,
      report: (event) => events.push({ ...event, at: Date.now() }),
      createLeaseMs: config.createLeaseMs,
      fulfilmentLeaseMs: config.fulfilmentLeaseMs,
    }),
  );
  return {
    events,
    deaths: new Map(),
    started: () => count,
    unplannedExits: () => [],
    ready: () => runtimes.map((_, i) => i),
    send: (slot, command) => (runtimes[slot] as WorkerRuntime).handle(command),
    close: async () => {
      await Promise.all(runtimes.map((r) => r.stop()));
    },
  };
}
