import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import {
  configFromEnv,
  createPaymentLinksEither,
  envName,
  type PaymentLinks,
  type PaymentLinksConfig,
  type ValidationError,
} from '@paylinks/core';
import { secretSettingTexts } from '@paylinks/core/adapter';
import * as E from 'fp-ts/lib/Either.js';

import { CliError } from './cli-error.js';
import { adapters, descriptors, isProviderId, providerIds, type ProviderId } from './registry.js';

/** Name of the configuration file read from the working directory. */
export const configFileName = 'paylinks.config.json';

/** The registered adapters whose descriptor lists `setting` among its extra settings. */
function takes(setting: string): ReadonlyArray<ProviderId> {
  return descriptors
    .filter((d) => (d.extraSettings as ReadonlyArray<string>).includes(setting))
    .map((d) => d.id);
}

/** The flags that carry one provider setting, with the providers that take it. */
export const settingFlags = {
  'api-key': { setting: 'apiKey', providers: providerIds },
  'base-url': { setting: 'baseUrl', providers: providerIds },
  'client-id': { setting: 'clientId', providers: takes('clientId') },
  'client-secret': { setting: 'clientSecret', providers: takes('clientSecret') },
  'access-token': { setting: 'accessToken', providers: takes('accessToken') },
  'webhook-secret': { setting: 'webhookSecret', providers: takes('webhookSecret') },
} as const satisfies Record<string, { setting: string; providers: ReadonlyArray<ProviderId> }>;

/** A flag naming one provider setting. */
export type SettingFlag = keyof typeof settingFlags;

/** The provider flags of a command, as parsed. */
export type ProviderFlags = { readonly provider?: string; readonly config?: string } & {
  readonly [K in SettingFlag]?: string;
};

/** A configuration ready for `createPaymentLinks`. */
export interface ResolvedConfig {
  readonly provider: ProviderId;
  readonly config: PaymentLinksConfig;
}

type Settings = Record<string, unknown>;

function isRecord(value: unknown): value is Settings {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readConfigFile(flags: ProviderFlags, cwd: string): E.Either<CliError, Settings> {
  const explicit = flags.config !== undefined;
  const path = resolve(cwd, flags.config ?? configFileName);
  const label = explicit ? `--config ${flags.config}` : configFileName;
  if (!existsSync(path)) {
    return explicit ? E.left(new CliError(`--config: no file at ${path}`)) : E.right({});
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    // JSON.parse quotes the text around the error, which may be a secret: say only that it is not JSON.
    return E.left(new CliError(`${label}: not valid JSON`));
  }
  if (!isRecord(parsed)) {
    return E.left(
      new CliError(`${label}: expected an object like { "provider": "conomy", "conomy": { ... } }`),
    );
  }
  return E.right(parsed);
}

function flagSettings(flags: ProviderFlags): Settings {
  const out: Settings = {};
  for (const [flag, { setting }] of Object.entries(settingFlags)) {
    const value = flags[flag as SettingFlag];
    if (value !== undefined) out[setting] = value;
  }
  return out;
}

const secretKeys: ReadonlySet<string> = new Set(providerIds.flatMap((id) => adapters[id].secretSettings));

function secretValues(settings: unknown): string[] {
  if (!isRecord(settings)) return [];
  return (
    Object.entries(settings)
      // Whatever the type: a numeric secret in a config file would otherwise be echoed as digits.
      .filter(([key]) => secretKeys.has(key))
      .flatMap(([, value]) => secretSettingTexts(value))
  );
}

/**
 * Every secret the flags, environment and configuration file hold, for any
 * provider (API keys, client secrets, tokens, webhook secrets): the CLI
 * redacts them from everything it prints, errors included.
 */
export function knownSecrets(
  flags: ProviderFlags,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): ReadonlyArray<string> {
  const file = readConfigFile(flags, cwd);
  const fromEnv: Settings = { ...configFromEnv(env, adapters) };
  const secrets = new Set(secretValues(flagSettings(flags)));
  for (const id of providerIds) {
    for (const value of secretValues(fromEnv[id])) secrets.add(value);
    if (E.isRight(file)) for (const value of secretValues(file.right[id])) secrets.add(value);
  }
  return [...secrets];
}

/** Where a setting can be given, for error messages: `--client-secret, PAYLINKS_CONOMY_CLIENT_SECRET or ...`. */
export function settingHint(provider: string, setting: string): string {
  const flag = Object.entries(settingFlags).find(([, s]) => s.setting === setting)?.[0];
  const env = `PAYLINKS_${envName(provider)}_${setting.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
  return `${flag !== undefined ? `--${flag}, ` : ''}${env}, or "${provider}": { "${setting}": ... } in ${configFileName}`;
}

function configError(error: ValidationError): CliError {
  if (error.field === 'provider' || error.field === '') {
    return new CliError(
      `provider: ${error.message} (set --provider, PAYLINKS_PROVIDER, or "provider" in ${configFileName})`,
    );
  }
  const [provider, ...rest] = error.field.split('.');
  const setting = rest[0];
  const hint =
    provider !== undefined && setting !== undefined ? ` (set it with ${settingHint(provider, setting)})` : '';
  return new CliError(`invalid configuration: ${error.message}${hint}`);
}

/**
 * Resolves the provider settings: flags first, then environment variables
 * (`PAYLINKS_PROVIDER`, `PAYLINKS_<PROVIDER>_<SETTING>`), then
 * `paylinks.config.json` in `cwd` (or the file named by `--config`). Each
 * setting is taken from the first source that has it.
 */
export function resolveConfig(
  flags: ProviderFlags,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): E.Either<CliError, ResolvedConfig> {
  const file = readConfigFile(flags, cwd);
  if (E.isLeft(file)) return file;
  const fromEnv: Settings = { ...configFromEnv(env, adapters) };
  const fromFlags = flagSettings(flags);

  const envProvider =
    typeof fromEnv['provider'] === 'string' && fromEnv['provider'] !== '' ? fromEnv['provider'] : undefined;
  const provider = flags.provider ?? envProvider ?? file.right['provider'];
  if (provider === undefined) {
    return E.left(
      new CliError(
        `no provider: pass --provider (${providerIds.join(', ')}), set PAYLINKS_PROVIDER, or add "provider" to ${configFileName}`,
      ),
    );
  }
  if (typeof provider !== 'string' || !isProviderId(provider)) {
    const source =
      flags.provider !== undefined
        ? '--provider'
        : envProvider !== undefined
          ? 'PAYLINKS_PROVIDER'
          : `"provider" in ${configFileName}`;
    return E.left(
      new CliError(`${source} must be one of ${providerIds.join(', ')}, got ${JSON.stringify(provider)}`),
    );
  }
  for (const [flag, { providers }] of Object.entries(settingFlags)) {
    if (
      flags[flag as SettingFlag] !== undefined &&
      !(providers as ReadonlyArray<string>).includes(provider)
    ) {
      return E.left(
        new CliError(`--${flag} does not apply to ${provider} (it is for ${providers.join(', ')})`),
      );
    }
  }
  const fileSettings = file.right[provider];
  if (fileSettings !== undefined && !isRecord(fileSettings)) {
    return E.left(new CliError(`"${provider}" in ${configFileName} must be an object of settings`));
  }
  const envSettings = fromEnv[provider];
  const settings: Settings = {
    ...(fileSettings ?? {}),
    ...(isRecord(envSettings) ? envSettings : {}),
    ...fromFlags,
  };
  return E.right({ provider, config: { provider, [provider]: settings } });
}

/**
 * The configuration of every provider that has settings, for commands that
 * work across providers (`sync`). With `--provider`, that provider only.
 * Otherwise each provider with settings in the environment
 * (`PAYLINKS_<PROVIDER>_...`) or the configuration file, plus the default
 * provider (`PAYLINKS_PROVIDER` or `"provider"` in the file), which the
 * setting flags (`--api-key`...) apply to. A provider whose settings are
 * there but incomplete is an error naming it, never skipped in silence.
 */
export function resolveConfigs(
  flags: ProviderFlags,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): E.Either<CliError, ReadonlyArray<ResolvedConfig>> {
  const main = resolveConfig(flags, env, cwd);
  if (flags.provider !== undefined) return E.isLeft(main) ? main : E.right([main.right]);
  const file = readConfigFile(flags, cwd);
  if (E.isLeft(file)) return file;
  const fromEnv: Settings = { ...configFromEnv(env, adapters) };
  const configured = providerIds.filter((id) => fromEnv[id] !== undefined || Object.hasOwn(file.right, id));
  const named =
    (typeof fromEnv['provider'] === 'string' && fromEnv['provider'] !== '') ||
    Object.hasOwn(file.right, 'provider');
  // Without a default provider, the configured ones are enough (and setting flags have no provider to go to).
  if (E.isLeft(main) && (named || configured.length === 0 || Object.keys(flagSettings(flags)).length > 0))
    return main;
  const out: ResolvedConfig[] = E.isRight(main) ? [main.right] : [];
  // The setting flags belong to the default provider: the others take theirs from environment and file.
  const others: ProviderFlags = { ...(flags.config !== undefined ? { config: flags.config } : {}) };
  for (const id of configured) {
    if (out.some((r) => r.provider === id)) continue;
    const resolved = resolveConfig({ ...others, provider: id }, env, cwd);
    if (E.isLeft(resolved)) return resolved;
    out.push(resolved.right);
  }
  return E.right(out);
}

/** Builds the client from a resolved configuration; a bad one is a {@link CliError} naming the setting. */
export function openClient(resolved: ResolvedConfig): E.Either<CliError, PaymentLinks> {
  const client = createPaymentLinksEither(resolved.config, adapters);
  return E.isLeft(client) ? E.left(configError(client.left)) : client;
}
