import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { type Capabilities, type PaymentLinkProvider } from '@paylinks/core';
import {
  createRouterEither,
  decodeRoutingConfig,
  type RouteExplanation,
  type RoutingConfig,
} from '@paylinks/router';
import { unsupportedError } from '@paylinks/core/adapter';
import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';

import { CliError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { ExitCode } from './exit-codes.js';
import { commandHelp } from './help.js';
import { createInputFromFlags, printJson, type CreateFlags } from './link-commands.js';
import { commonOptions, createInputOptions, expectPositionals, parseCommand } from './parse-command.js';
import { descriptorOf, providerIds, type ProviderId } from './registry.js';

/** The flags of `paylinks route`: the routing file, `create`'s input flags, and what rules may match on. */
export const routeOptions = {
  ...commonOptions,
  config: { type: 'string' },
  json: { type: 'boolean' },
  ...createInputOptions,
  merchant: { type: 'string' },
  country: { type: 'string' },
  metadata: { type: 'string', multiple: true },
} as const;

const capabilities = (id: ProviderId): Capabilities => descriptorOf(id).capabilities;

/**
 * The registered providers a routing file can send a create to: with a
 * fallback, only those a rule or the fallback names (any other can never be
 * tried, so listing it as skipped says nothing); without one, all of them.
 */
function routable(config: RoutingConfig): ReadonlyArray<ProviderId> {
  if (config.fallback === undefined) return providerIds;
  const named = new Set([...config.rules.flatMap((rule) => rule.use), ...config.fallback]);
  return providerIds.filter((id) => named.has(id));
}

/**
 * A provider as far as routing needs it (its id and what it can take):
 * `route` explains, so it needs no credentials and its providers send
 * nothing; their operations answer `UnsupportedError`.
 */
function explainOnly(id: ProviderId): PaymentLinkProvider {
  const refuse = () =>
    TE.left(
      unsupportedError({
        provider: id,
        feature: 'create',
        message: 'paylinks route explains a route and sends nothing; use paylinks create',
      }),
    );
  return { id, capabilities: capabilities(id), create: refuse, get: refuse };
}

function readRoutes(path: string | undefined, cwd: string): unknown {
  if (path === undefined)
    throw new CliError('missing --config (the routing file, e.g. --config routes.json)');
  const file = resolve(cwd, path);
  if (!existsSync(file)) throw new CliError(`--config: no file at ${file}`);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new CliError(`--config ${path}: not valid JSON`);
  }
}

function metadataFrom(pairs: ReadonlyArray<string> | undefined): Record<string, string> | undefined {
  if (pairs === undefined || pairs.length === 0) return undefined;
  const entries = pairs.map((pair): [string, string] => {
    const at = pair.indexOf('=');
    if (at <= 0) throw new CliError(`--metadata takes key=value, got "${pair}"`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  });
  // fromEntries defines own keys: `--metadata __proto__=x` is a key like any other, not a prototype.
  return Object.fromEntries(entries);
}

/** The explanation as lines for a terminal. */
export function formatExplanation(explanation: RouteExplanation): string {
  const lines = [
    explanation.source === 'rule'
      ? `route: rule "${explanation.rule}"`
      : explanation.source === 'fallback'
        ? 'route: the fallback (no rule matched)'
        : 'route: none (no rule matched and there is no fallback)',
    `try, in order: ${explanation.order.length > 0 ? explanation.order.join(', ') : '(no provider)'}`,
  ];
  if (explanation.skipped.length > 0) {
    const width = Math.max(...explanation.skipped.map((s) => s.provider.length));
    lines.push('skipped:');
    for (const s of explanation.skipped) {
      lines.push(`  ${s.provider.padEnd(width)}  ${s.reason}: ${s.detail}`);
      for (const issue of s.issues ?? [])
        if (issue.message !== s.detail) lines.push(`  ${''.padEnd(width)}    - ${issue.message}`);
    }
  }
  if (explanation.rules.length > 0) {
    lines.push('rules looked at:');
    for (const verdict of explanation.rules)
      lines.push(
        `  ${verdict.matched ? '✓' : '✗'} ${verdict.rule}${verdict.matched ? '' : `: ${verdict.unmet.join('; ')}`}`,
      );
  }
  return lines.join('\n');
}

/**
 * `paylinks route --config routes.json <create flags>`: prints the order a
 * router with these rules would try for this input, and why every other
 * provider is skipped. Reads no credentials and sends nothing. Exits 0 when
 * some provider would be tried, 2 when none would.
 */
export async function routeCommand(argv: ReadonlyArray<string>, io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('route', argv, routeOptions);
  if (values.help === true) {
    io.stdout.write(`${commandHelp['route']}\n`);
    return ExitCode.ok;
  }
  expectPositionals('route', positionals, []);
  const config = decodeRoutingConfig(readRoutes(values.config, io.cwd), { providers: providerIds });
  if (E.isLeft(config)) throw new CliError(`--config ${values.config}: ${config.left.message}`);
  const { 'checkout-token': checkoutToken, merchant, country, metadata, ...createFlags } = values;
  const base = createInputFromFlags(createFlags as CreateFlags, providerIds);
  const extra = metadataFrom(metadata);
  const input = {
    ...base,
    ...(country !== undefined ? { customer: { ...base.customer, address: { country } } } : {}),
    ...(extra !== undefined ? { metadata: extra } : {}),
    // As `create` does for Conomy: its checkout token is the reference unless given.
    providerOptions: { conomy: { checkoutToken: checkoutToken ?? base.reference } },
  };
  const router = createRouterEither({ providers: routable(config.right).map(explainOnly), ...config.right });
  if (E.isLeft(router)) throw new CliError(`--config ${values.config}: ${router.left.message}`);
  const explanation = router.right.explain(input, merchant !== undefined ? { merchantId: merchant } : {});
  if (values.json === true) printJson(io.stdout, explanation);
  else io.stdout.write(`${formatExplanation(explanation)}\n`);
  if (explanation.order.length > 0) return ExitCode.ok;
  io.stderr.write('error: no provider would be tried for this input\n');
  return ExitCode.usage;
}
