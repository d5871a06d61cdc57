import { type PaymentLinks } from '@paylinks/core';
import { createLedgerClient, type LedgerClient, type SyncReport } from '@paylinks/ledger';
import { createPostgresLedger, migrate } from '@paylinks/postgres';
import * as E from 'fp-ts/lib/Either.js';
import pg from 'pg';

import { CliError } from './cli-error.js';
import { createCliRedactor } from './cli-redact.js';
import { mapOutput, type CliIo } from './cli-io.js';
import { ExitCode } from './exit-codes.js';
import { commandHelp } from './help.js';
import { commonOptions, integerFlag, parseCommand, providerOptions } from './parse-command.js';
import { knownSecrets, openClient, resolveConfigs, type ProviderFlags } from './resolve-config.js';

const ledgerOptions = { schema: { type: 'string' }, json: { type: 'boolean' } } as const;
const syncOptions = {
  ...providerOptions,
  schema: { type: 'string' },
  'stale-after-ms': { type: 'string' },
  limit: { type: 'string' },
} as const;

/**
 * The database URL and every secret part of it: the URL itself, its
 * password (as written and decoded), a `password` query parameter, and in a
 * libpq `key=value` string the `password` value. None appears in output.
 */
function database(env: CliIo['env']): { readonly url: string; readonly secrets: ReadonlyArray<string> } {
  const url = env['PAYLINKS_DATABASE_URL'];
  if (url === undefined || url === '') {
    throw new CliError(
      'PAYLINKS_DATABASE_URL is not set: the ledger commands need postgres://user:password@host/db',
    );
  }
  return { url, secrets: [url, ...databasePasswords(url)] };
}

function databasePasswords(url: string): string[] {
  const found: string[] = [];
  try {
    const parsed = new URL(url);
    found.push(parsed.password, safeDecode(parsed.password), parsed.searchParams.get('password') ?? '');
  } catch {
    // A libpq key=value string: password=secret or password='se cret'.
    for (const match of url.matchAll(/(?:^|\s)password\s*=\s*(?:'((?:[^'\\]|\\.)*)'|(\S+))/g))
      found.push(match[1] ?? match[2] ?? '');
  }
  return [...new Set(found.filter((p) => p !== ''))];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The SQLSTATE or socket code of a failure, looked for on the error and its causes. */
function failureCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const next = current as { cause?: unknown; error?: { cause?: unknown } };
    current = next.cause ?? next.error?.cause;
  }
  return undefined;
}

/**
 * Puts a database failure in the CLI's words and exit codes (README, "Exit
 * codes"). Exit 1 is `watch`'s "not paid": a database failure never takes it.
 * - Socket failures (ECONNREFUSED, ENOTFOUND...) and PostgreSQL's connection
 *   exceptions (class 08, 57P01-57P03 shutting down, 53300 too many
 *   connections): exit 4, the database cannot be reached.
 * - Credentials or database refused (class 28: wrong password or user;
 *   3D000: no such database): exit 2, a configuration error naming
 *   PAYLINKS_DATABASE_URL.
 * Anything else goes through the usual report.
 */
function classify(error: unknown): unknown {
  if (error instanceof CliError) return error;
  if (error instanceof TypeError) return new CliError(error.message);
  const code = failureCode(error);
  if (code === undefined) return error;
  if (/^E[A-Z]+$/.test(code)) return new CliError(`cannot reach the database (${code})`, ExitCode.network);
  if (/^08|^57P0[123]$|^53300$/.test(code))
    return new CliError(`cannot connect to the database (SQLSTATE ${code})`, ExitCode.network);
  if (/^28/.test(code))
    return new CliError(
      `the database refused the user or password in PAYLINKS_DATABASE_URL (SQLSTATE ${code})`,
      ExitCode.usage,
    );
  if (code === '3D000')
    return new CliError(
      `the database named in PAYLINKS_DATABASE_URL does not exist (SQLSTATE ${code})`,
      ExitCode.usage,
    );
  return error;
}

async function withPool<A>(url: string, work: (pool: pg.Pool) => Promise<A>): Promise<A> {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on('error', () => undefined);
  try {
    return await work(pool);
  } finally {
    await pool.end();
  }
}

function describeSync(report: SyncReport, rounds: number): string {
  const { intents, links } = report;
  return [
    `links re-fetched: ${links.claimed} (changed ${links.applied}, unchanged ${links.unchanged}, refused ${links.refused}, failed ${links.failed})`,
    `interrupted creates: recovered ${intents.recovered}, need a person ${intents.flagged}, failed ${intents.failed}`,
    `delivery keys purged: ${report.purgedDeliveries}; rounds: ${rounds}`,
  ].join('\n');
}

function sum(a: SyncReport, b: SyncReport): SyncReport {
  return {
    intents: {
      recovered: a.intents.recovered + b.intents.recovered,
      flagged: a.intents.flagged + b.intents.flagged,
      failed: a.intents.failed + b.intents.failed,
    },
    links: {
      claimed: a.links.claimed + b.links.claimed,
      applied: a.links.applied + b.links.applied,
      unchanged: a.links.unchanged + b.links.unchanged,
      refused: a.links.refused + b.links.refused,
      foreign: a.links.foreign + b.links.foreign,
      failed: a.links.failed + b.links.failed,
    },
    purgedDeliveries: a.purgedDeliveries + b.purgedDeliveries,
  };
}

/** The CLI's answer to a thrown failure: an exit code, with the failure written to `stderr`. */
type Report = (error: unknown, stderr: CliIo['stderr']) => number;

/**
 * `paylinks ledger migrate` and `paylinks sync`, against the PostgreSQL
 * ledger at `PAYLINKS_DATABASE_URL`. Answers the exit code; `report` turns
 * a thrown failure into one.
 */
export async function ledgerCommand(
  command: 'ledger' | 'sync',
  argv: ReadonlyArray<string>,
  io: CliIo,
  report: Report,
): Promise<number> {
  return command === 'ledger' ? migrateCommand(argv, io, report) : syncCommand(argv, io, report);
}

async function migrateCommand(argv: ReadonlyArray<string>, io: CliIo, report: Report): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseCommand('ledger migrate', rest, {
    ...commonOptions,
    ...ledgerOptions,
  });
  if (values.help === true || sub === undefined || sub === '--help' || sub === '-h') {
    io.stdout.write(`${commandHelp['ledger']}\n`);
    return sub === undefined ? ExitCode.usage : ExitCode.ok;
  }
  let secrets: ReadonlyArray<string> = [];
  const stderr = mapOutput(
    io.stderr,
    createCliRedactor(() => secrets),
  );
  try {
    if (sub !== 'migrate') throw new CliError(`unknown ledger command "${sub}" (see paylinks help ledger)`);
    if (positionals.length > 0)
      throw new CliError(`unexpected argument "${positionals[0]}" for "paylinks ledger migrate"`);
    const db = database(io.env);
    secrets = db.secrets;
    const result = await withPool(db.url, (pool) =>
      migrate(pool, values.schema !== undefined ? { schema: values.schema } : {}),
    );
    io.stdout.write(
      values.json === true
        ? `${JSON.stringify(result)}\n`
        : `${result.applied.length === 0 ? 'nothing to migrate' : `applied ${result.applied.join(', ')}`} (schema ${result.schema}, version ${result.version})\n`,
    );
    return ExitCode.ok;
  } catch (e) {
    return report(classify(e), stderr);
  }
}

async function syncCommand(argv: ReadonlyArray<string>, io: CliIo, report: Report): Promise<number> {
  const { values, positionals } = parseCommand('sync', argv, { ...commonOptions, ...syncOptions });
  if (values.help === true) {
    io.stdout.write(`${commandHelp['sync']}\n`);
    return ExitCode.ok;
  }
  const flags = values as ProviderFlags & Record<string, string | boolean | undefined>;
  let secrets: ReadonlyArray<string> = knownSecrets(flags, io.env, io.cwd);
  const redact = createCliRedactor(() => secrets);
  const stdout = mapOutput(io.stdout, redact);
  const stderr = mapOutput(io.stderr, redact);
  try {
    if (positionals.length > 0)
      throw new CliError(`unexpected argument "${positionals[0]}" for "paylinks sync"`);
    const db = database(io.env);
    secrets = [...secrets, ...db.secrets];
    const staleAfterMs = integerFlag('stale-after-ms', values['stale-after-ms'], { min: 0 }) ?? 10 * 60_000;
    const limit = integerFlag('limit', values.limit, { min: 1 }) ?? 100;
    const clients = openClients(flags, io);
    const total = await withPool(db.url, async (pool) => {
      const client = createLedgerClient({
        ledger: createPostgresLedger({
          pool,
          ...(values.schema !== undefined ? { schema: values.schema } : {}),
        }),
        links: clients,
      });
      return syncAll(client, staleAfterMs, limit);
    });
    const providers = Object.keys(clients);
    stdout.write(
      values.json === true
        ? `${JSON.stringify({ ...total.report, providers })}\n`
        : `${describeSync(total.report, total.rounds)}\nproviders: ${providers.join(', ')}\n`,
    );
    return total.report.links.failed + total.report.intents.failed > 0 ? ExitCode.provider : ExitCode.ok;
  } catch (e) {
    return report(classify(e), stderr);
  }
}

/**
 * Every configured provider in one run: the ledger client syncs only the providers it has a
 * client for, so a provider left out here would have its links never re-fetched.
 */
function openClients(flags: ProviderFlags, io: CliIo): Record<string, PaymentLinks> {
  const resolved = resolveConfigs(flags, io.env, io.cwd);
  if (E.isLeft(resolved)) throw resolved.left;
  const clients: Record<string, PaymentLinks> = {};
  for (const config of resolved.right) {
    const links = openClient(config);
    if (E.isLeft(links)) throw links.left;
    clients[config.provider] = links.right;
  }
  return clients;
}

/** Batches until one claims less than a full batch: every stale link of these providers, once. */
async function syncAll(
  client: Pick<LedgerClient<unknown>, 'sync'>,
  staleAfterMs: number,
  limit: number,
): Promise<{ report: SyncReport; rounds: number }> {
  let rounds = 0;
  let all: SyncReport | undefined;
  for (;;) {
    const round = await client.sync({ staleAfterMs, limit });
    rounds += 1;
    all = all === undefined ? round : sum(all, round);
    if (
      round.links.claimed < limit &&
      round.intents.recovered + round.intents.failed + round.intents.flagged < limit
    )
      return { report: all, rounds };
  }
}
