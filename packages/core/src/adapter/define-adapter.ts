// defineAdapter: a factory that checks an adapter's settings, then builds a guarded provider.
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';

import { envVariable, originOf } from '../client/env-settings.js';
import { secretSettingTexts } from '../webhooks/webhook-secrets.js';
import { createRedactor } from '../http/redact.js';
import { decodeInput } from '../model/codecs.js';
import { PaymentLinkException, validationError, type ValidationError } from '../model/errors.js';
import { guardProvider } from '../provider/guard-provider.js';
import type { PaymentLinkProvider } from '../provider/provider.js';
import { commonSettingsProblem, type CommonSettings } from './adapter-settings.js';
import { findUnknownKeys, knownKeys } from './setting-keys.js';

/**
 * `T` as long as it has no key that `S` lacks: each extra key is typed
 * `never`, so `costplus({ apiKey, baseURL })` fails to compile at
 * `baseURL` (the setting is `baseUrl`), even when the object was built
 * elsewhere. TypeScript checks extra keys only in object literals written in
 * the call; this extends the check to every value the compiler sees.
 */
export type Exact<S, T> = T & { readonly [K in Exclude<keyof T, keyof S>]: never };

/** The key of an adapter's settings type, for the compiler only (`SettingsOf`); never present at run time. */
export declare const settingsType: unique symbol;

/**
 * An adapter factory: `costplus(settings)` builds a provider. It also names
 * its id, its settings codec (used to validate configuration) and which
 * settings are secrets (never echoed in errors).
 */
export interface PaymentLinkAdapter<S, P extends PaymentLinkProvider = PaymentLinkProvider> {
  /** Builds the provider; a setting the adapter does not have is a compile error (and a `ValidationError` at run time). */
  <T extends S>(settings: Exact<S, T>): P;
  /** Adapter id, the key of its settings in a config object. */
  readonly id: string;
  /** Codec of the settings. */
  readonly settings: t.Type<unknown, unknown, unknown>;
  /** Names of settings that hold secrets. */
  readonly secretSettings: ReadonlyArray<string>;
  /** The settings type, for the compiler only ({@link SettingsOf}): never present at run time. */
  readonly [settingsType]?: (settings: S) => void;
}

/**
 * Builds an adapter factory that validates its settings: a bad setting
 * throws a {@link PaymentLinkException} with a `ValidationError` naming
 * `<id>.<field>`, and no secret value appears in its message.
 */
export function defineAdapter<
  C extends t.Mixed,
  P extends PaymentLinkProvider = PaymentLinkProvider,
>(definition: {
  readonly id: string;
  readonly settings: C;
  readonly secretSettings: ReadonlyArray<string>;
  readonly create: (settings: t.TypeOf<C>) => P;
}): PaymentLinkAdapter<t.TypeOf<C>, P> {
  const factory = (settings: t.TypeOf<C>) => {
    const checked = checkSettings(definition, settings);
    if (E.isLeft(checked)) throw new PaymentLinkException(checked.left);
    return guardProvider(definition.create(checked.right as t.TypeOf<C>));
  };
  return Object.assign(factory, {
    id: definition.id,
    settings: definition.settings as t.Type<unknown, unknown, unknown>,
    secretSettings: definition.secretSettings,
  });
}

function unknownSettingIssues(
  adapter: { readonly id: string; readonly settings: t.Mixed },
  settings: unknown,
): Array<{ field: string; message: string }> {
  const known = knownKeys(adapter.settings);
  if (known === undefined) return [];
  return findUnknownKeys(settings, known).map(({ path, suggestion }) => {
    const variable = originOf(settings, path);
    const field = `${adapter.id}.${path}`;
    if (variable !== undefined) {
      const hint = suggestion !== undefined ? `; did you mean ${envVariable(adapter.id, suggestion)}?` : '';
      return { field, message: `${variable} is not a ${adapter.id} setting${hint}` };
    }
    const hint = suggestion !== undefined ? `; did you mean ${suggestion}?` : '';
    return { field, message: `${field} is not a ${adapter.id} setting${hint}` };
  });
}

/**
 * Checks an adapter's settings: unknown keys (with a suggestion), the settings codec and the
 * common settings' rules, every issue named `<id>.<field>` and no secret value in a message.
 */
export function checkSettings(
  adapter: {
    readonly id: string;
    readonly settings: t.Mixed;
    readonly secretSettings: ReadonlyArray<string>;
  },
  settings: unknown,
): E.Either<ValidationError, unknown> {
  const secrets =
    typeof settings === 'object' && settings !== null
      ? adapter.secretSettings
          // Every value under a secret key, whatever its type: a numeric secret would be echoed as digits.
          .flatMap((k) => secretSettingTexts((settings as Record<string, unknown>)[k]))
      : [];
  const redact = createRedactor(() => secrets);
  const redacted = (e: ValidationError): ValidationError => ({
    ...e,
    message: redact(e.message),
    ...(e.issues !== undefined
      ? { issues: e.issues.map((i) => ({ field: i.field, message: redact(i.message) })) }
      : {}),
  });
  const unknown = unknownSettingIssues(adapter, settings);
  const decoded = decodeInput(adapter.settings, settings, adapter.id);
  const issues = [
    ...unknown,
    ...(E.isLeft(decoded)
      ? (decoded.left.issues ?? [{ field: decoded.left.field, message: decoded.left.message }])
      : []),
  ];
  if (E.isRight(decoded)) {
    const problem = commonSettingsProblem(decoded.right as CommonSettings);
    if (problem !== undefined)
      issues.push({ field: `${adapter.id}.${problem.field}`, message: `${adapter.id}.${problem.message}` });
  }
  if (issues.length === 0) return decoded;
  const first = issues[0]!;
  return E.left(
    redacted(
      validationError({
        provider: adapter.id,
        field: first.field,
        message: issues.length === 1 ? first.message : `${first.message} (and ${issues.length - 1} more)`,
        ...(issues.length > 1 ? { issues } : {}),
      }),
    ),
  );
}
