import { checkCreate, type PaymentLinkProvider } from '@paylinks/core';
import * as E from 'fp-ts/lib/Either.js';

import { CliError } from './cli-error.js';
import type { CliIo, CliOutput } from './cli-io.js';
import { createFieldFlags } from './describe-failure.js';
import { ExitCode } from './exit-codes.js';
import { createInputFromFlags, failure, printJson, type CreateFlags } from './link-commands.js';
import { suggestion } from './parse-command.js';
import { descriptorOf, isProviderId, providerIds, type ProviderId } from './registry.js';
import { openClient, resolveConfig, type ProviderFlags } from './resolve-config.js';

/**
 * Each adapter built without the configuration: `check` sends nothing, so it
 * needs no real credential, only one the settings accept.
 */
function offline(id: ProviderId): PaymentLinkProvider {
  const descriptor = descriptorOf(id);
  return (descriptor.adapter as (settings: typeof descriptor.offlineSettings) => PaymentLinkProvider)(
    descriptor.offlineSettings,
  );
}

/** The providers `--provider a,b` names, else the configured one, else every shipped adapter. */
function providersToCheck(flags: ProviderFlags, env: CliIo['env'], cwd: string): ReadonlyArray<ProviderId> {
  if (flags.provider === undefined) {
    const configured = resolveConfig(flags, env, cwd);
    return E.isRight(configured) ? [configured.right.provider] : providerIds;
  }
  const names = flags.provider
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  for (const name of names) {
    if (!isProviderId(name)) {
      throw new CliError(
        `--provider: unknown provider "${name}"${suggestion(name, providerIds)} (${providerIds.join(', ')})`,
      );
    }
  }
  if (names.length === 0) throw new CliError(`--provider needs a list such as ${providerIds.join(',')}`);
  return [...new Set(names)] as ProviderId[];
}

/** The provider with the configured settings where they are complete (they can change its rules), else offline ones. */
function checkerFor(
  id: ProviderId,
  flags: ProviderFlags,
  env: CliIo['env'],
  cwd: string,
): PaymentLinkProvider {
  const resolved = resolveConfig({ ...flags, provider: id }, env, cwd);
  const client = E.isRight(resolved) ? openClient(resolved.right) : resolved;
  return E.isRight(client) ? client.right.provider : offline(id);
}

/**
 * `paylinks check [--provider a,b,c] <create flags>`: checks the create input
 * the flags describe against each provider, as `create` would before
 * sending, and prints every problem of every provider at once (exit 2), or
 * that all of them take it (exit 0). Sends nothing.
 */
export function checkCommand(
  flags: CreateFlags & ProviderFlags & { readonly json?: boolean },
  io: CliIo,
  stdout: CliOutput,
): number {
  const ids = providersToCheck(flags, io.env, io.cwd);
  const input = createInputFromFlags(flags, ids);
  const providers = ids.map((id) => checkerFor(id, flags, io.env, io.cwd));
  const checked = checkCreate(input, providers);
  if (!checked.ok) throw failure(checked.error, createFieldFlags);
  if (flags.json === true) printJson(stdout, { ok: true, providers: ids });
  else stdout.write(`ok: ${ids.join(', ')} ${ids.length === 1 ? 'takes' : 'all take'} this input\n`);
  return ExitCode.ok;
}
