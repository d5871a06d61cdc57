import { isPaymentLinkError, PaymentLinkException } from '@paylinks/core';
import * as E from 'fp-ts/lib/Either.js';

import { CliError } from './cli-error.js';
import { createCliRedactor } from './cli-redact.js';
import { checkCommand } from './check-command.js';
import { allowsAnsi, mapOutput, type CliIo } from './cli-io.js';
import { describeFailure, failureJson } from './describe-failure.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';
import { commandHelp, overviewHelp } from './help.js';
import {
  activateCommand,
  cancelCommand,
  createCommand,
  deleteCommand,
  getCommand,
  listCommand,
  type LinkCommandContext,
} from './link-commands.js';
import {
  commonOptions,
  createInputOptions,
  expectPositionals,
  integerFlag,
  parseCommand,
  providerOptions,
  suggestion,
} from './parse-command.js';
import { knownSecrets, openClient, resolveConfig, type ProviderFlags } from './resolve-config.js';
import { printHttpEvents } from './verbose-events.js';
import { defaultWatchIntervalMs, defaultWatchTimeoutMs, watchCommand } from './watch-command.js';

/** The package version, printed by `paylinks --version`. */
export const cliVersion = '0.1.0';

const createFlags = { ...createInputOptions, draft: { type: 'boolean' } } as const;

const linkCommands = {
  create: { ...providerOptions, ...createFlags, qr: { type: 'boolean' } },
  check: { ...providerOptions, ...createFlags },
  get: { ...providerOptions, qr: { type: 'boolean' } },
  list: {
    ...providerOptions,
    status: { type: 'string' },
    'customer-email': { type: 'string' },
    limit: { type: 'string' },
    max: { type: 'string' },
  },
  cancel: { ...providerOptions, reason: { type: 'string' } },
  activate: providerOptions,
  delete: providerOptions,
  watch: { ...providerOptions, 'interval-ms': { type: 'string' }, 'timeout-ms': { type: 'string' } },
} as const;

type LinkCommand = keyof typeof linkCommands;

/** Every command, for suggestions. */
const commandNames = [...Object.keys(linkCommands), 'simulate', 'demo', 'help'];

function isLinkCommand(name: string): name is LinkCommand {
  return Object.hasOwn(linkCommands, name);
}

async function runLinkCommand(command: LinkCommand, argv: ReadonlyArray<string>, io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(command, argv, { ...commonOptions, ...linkCommands[command] });
  if (values.help === true) {
    io.stdout.write(`${commandHelp[command]}\n`);
    return ExitCode.ok;
  }
  // From here on nothing printed may contain a secret from the flags, environment or config file.
  const flags = values as ProviderFlags & Record<string, string | boolean | undefined>;
  const secrets = knownSecrets(flags, io.env, io.cwd);
  const redact = createCliRedactor(() => secrets);
  const stdout = mapOutput(io.stdout, redact);
  const stderr = mapOutput(io.stderr, redact);
  const json = values.json === true;
  try {
    const ids = ['create', 'check', 'list'].includes(command)
      ? expectPositionals(command, positionals, [])
      : expectPositionals(command, positionals, ['ID']);
    if (command === 'check') return checkCommand(values as Parameters<typeof checkCommand>[0], io, stdout);
    const resolved = resolveConfig(flags, io.env, io.cwd);
    if (E.isLeft(resolved)) throw resolved.left;
    const links = openClient(resolved.right);
    if (E.isLeft(links)) throw links.left;
    if (values.verbose === true) printHttpEvents(links.right, stderr);
    const context: LinkCommandContext = {
      links: links.right,
      stdout,
      stderr,
      json,
      ansi: { stdout: allowsAnsi(io.stdout, io.env), stderr: allowsAnsi(io.stderr, io.env) },
    };
    const id = ids[0] as string;
    switch (command) {
      case 'create':
        return await createCommand(context, values as Parameters<typeof createCommand>[1]);
      case 'get':
        return await getCommand(context, id, (values as { qr?: boolean }).qr === true);
      case 'list':
        return await listCommand(context, values as Parameters<typeof listCommand>[1]);
      case 'cancel':
        return await cancelCommand(context, id, (values as { reason?: string }).reason);
      case 'activate':
        return await activateCommand(context, id);
      case 'delete':
        return await deleteCommand(context, id);
      case 'watch': {
        const timing = values as { 'interval-ms'?: string; 'timeout-ms'?: string };
        return await watchCommand(context, id, {
          intervalMs:
            integerFlag('interval-ms', timing['interval-ms'], { min: 10 }) ?? defaultWatchIntervalMs,
          timeoutMs: integerFlag('timeout-ms', timing['timeout-ms'], { min: 1 }) ?? defaultWatchTimeoutMs,
        });
      }
    }
  } catch (e) {
    return report(e, stderr, json);
  }
}

/** A failure as `--json` prints it: the operation's error value, or the CLI's own (`CliError`). */
function errorJson(e: unknown): { readonly error: unknown } {
  if (e instanceof CliError) {
    return e.failure !== undefined
      ? failureJson(e.failure.error, e.failure.flags)
      : { error: { _tag: 'CliError', message: e.message, exitCode: e.exitCode } };
  }
  if (e instanceof PaymentLinkException) return failureJson(e.error);
  if (isPaymentLinkError(e)) return failureJson(e);
  return { error: { _tag: 'UnexpectedError', message: e instanceof Error ? e.message : String(e) } };
}

function report(e: unknown, stderr: CliIo['stderr'], json: boolean): number {
  const error = e instanceof PaymentLinkException ? e.error : isPaymentLinkError(e) ? e : undefined;
  const code =
    e instanceof CliError ? e.exitCode : error !== undefined ? exitCodeFor(error) : ExitCode.notPaid;
  if (json) {
    stderr.write(`${JSON.stringify(errorJson(e))}\n`);
    return code;
  }
  if (e instanceof CliError) stderr.write(`error: ${e.message}\n`);
  else if (error !== undefined) stderr.write(`error: ${describeFailure(error)}\n`);
  else stderr.write(`error: unexpected failure: ${e instanceof Error ? e.message : String(e)}\n`);
  return code;
}

/**
 * Runs the `paylinks` command line: `argv` without the node and script
 * paths. Answers the exit code; never calls `process.exit`, so tests run it
 * in-process with their own streams, environment and directory.
 *
 * @example
 * const code = await runCli(['get', 'plink_1', '--json'], { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() })
 */
export async function runCli(argv: ReadonlyArray<string>, io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    // No command is a usage error: the overview goes where errors go, and the exit says so.
    io.stderr.write(`${overviewHelp}\n`);
    return ExitCode.usage;
  }
  if (command === 'help' || command === '--help' || command === '-h') {
    const topic = command === 'help' ? rest[0] : undefined;
    if (topic !== undefined && commandHelp[topic] === undefined) {
      io.stderr.write(
        `error: unknown command "${topic}"${suggestion(topic, commandNames)}\n${overviewHelp}\n`,
      );
      return ExitCode.usage;
    }
    io.stdout.write(`${topic !== undefined ? commandHelp[topic] : overviewHelp}\n`);
    return ExitCode.ok;
  }
  if (command === '--version' || command === '-v') {
    io.stdout.write(`${cliVersion}\n`);
    return ExitCode.ok;
  }
  try {
    if (isLinkCommand(command)) return await runLinkCommand(command, rest, io);
    if (command === 'simulate') {
      const { values, positionals } = parseCommand('simulate', rest, {
        ...commonOptions,
        port: { type: 'string' },
        'webhook-url': { type: 'string' },
      });
      if (values.help === true) {
        io.stdout.write(`${commandHelp['simulate']}\n`);
        return ExitCode.ok;
      }
      const port = integerFlag('port', values.port, { min: 0, max: 65_535 });
      // The simulators load only for this command: every other one starts faster without them.
      const { simulateCommand } = await import('./simulate-command.js');
      return await simulateCommand(io, positionals, {
        ...(port !== undefined ? { port } : {}),
        ...(values['webhook-url'] !== undefined ? { webhookUrl: values['webhook-url'] } : {}),
      });
    }
    if (command === 'ledger' || command === 'sync') {
      // PostgreSQL (pg) loads only for the ledger commands.
      const { ledgerCommand } = await import('./ledger-commands.js');
      return await ledgerCommand(command, rest, io, (e, stderr) =>
        report(e, stderr, rest.includes('--json')),
      );
    }
    if (command === 'demo') {
      const { values, positionals } = parseCommand('demo', rest, commonOptions);
      if (values.help === true) {
        io.stdout.write(`${commandHelp['demo']}\n`);
        return ExitCode.ok;
      }
      expectPositionals('demo', positionals, []);
      const { runDemo } = await import('./demo-run.js');
      return await runDemo(io);
    }
    if (command === 'route') {
      // Loaded only for this command, as simulate is.
      const { routeCommand } = await import('./route-command.js');
      return await routeCommand(rest, io);
    }
    if (command.startsWith('-'))
      throw new CliError(`unknown flag ${command}: flags come after the command (see paylinks help)`);
    throw new CliError(
      `unknown command "${command}"${suggestion(command, commandNames)} (see paylinks help)`,
    );
  } catch (e) {
    return report(e, io.stderr, rest.includes('--json'));
  }
}
