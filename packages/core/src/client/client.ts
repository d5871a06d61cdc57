import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import type * as t from 'io-ts';

import { checkOptions } from './check-call.js';
import { guardProvider } from './guard-provider.js';
import { commonSettingsProblem, type CommonSettings } from './adapter-settings.js';
import { decodeInput } from './codecs.js';
import { findUnknownKeys, knownKeys, closest } from './setting-keys.js';
import {
  PaymentLinkException,
  unsupportedError,
  validationError,
  type PaymentLinkError,
  type ValidationError,
} from './errors.js';
import { instrumentClient, type ClientOptions } from './instrument-client.js';
import { linkList, type LinkList } from './link-list.js';
import type { CreatePaymentLinkInput, PaymentLink } from './model.js';
import type { EventHub, PaymentLinksEventMap, PaymentLinksEventName } from './observability.js';
import type { Capabilities, LinkPage, ListQuery, OperationOptions, PaymentLinkProvider } from './provider.js';
import { createRedactor } from './redact.js';
import { walkPages } from './walk-pages.js';
import { secretSettingTexts } from './webhook-secrets.js';
import type { WebhookEvent, WebhookRequest } from './webhook.js';

/**
 * `T` as long as it has no key that `S` lacks: each extra key is typed
 * `never`, so `costplus({ apiKey, baseURL })` fails to compile at
 * `baseURL` (the setting is `baseUrl`), even when the object was built
 * elsewhere. TypeScript checks extra keys only in object literals written in
 * the call; this extends the check to every value the compiler sees.
 */
export type Exact<S, T> = T & { readonly [K in Exclude<keyof T, keyof S>]: never };

declare const settingsType: unique symbol;

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

/** Where `configFromEnv` read each setting from (`costplus.baseurl` = `PAYLINKS_COSTPLUS_BASEURL`). */
const envOrigin = Symbol.for('paylinks.envOrigin');

function originOf(settings: unknown, key: string): string | undefined {
  const origins = (settings as { [envOrigin]?: Readonly<Record<string, string>> })[envOrigin];
  return origins?.[key];
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

function checkSettings(
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

/** The TaskEither face of a client: nothing throws, every failure is a value. */
export interface PaymentLinksTE {
  /** Creates a payment link; see {@link PaymentLinks.create}. */
  create(
    input: CreatePaymentLinkInput,
    options?: OperationOptions,
  ): TE.TaskEither<PaymentLinkError, PaymentLink>;
  /** Fetches a link by the provider's id. */
  get(id: string, options?: OperationOptions): TE.TaskEither<PaymentLinkError, PaymentLink>;
  /** One page; pass the previous page's `nextCursor`. */
  listPage(
    query?: ListQuery,
    cursor?: string,
    options?: OperationOptions,
  ): TE.TaskEither<PaymentLinkError, LinkPage>;
  /** Every page, as Eithers; iteration stops after the first Left. */
  pages(
    query?: ListQuery,
    options?: OperationOptions,
  ): AsyncIterableIterator<E.Either<PaymentLinkError, LinkPage>>;
  /** Withdraws an open link. */
  cancel(
    id: string,
    reason?: string,
    options?: OperationOptions,
  ): TE.TaskEither<PaymentLinkError, PaymentLink>;
  /** Makes a draft link payable. */
  activate(id: string, options?: OperationOptions): TE.TaskEither<PaymentLinkError, PaymentLink>;
  /** Deletes a link. */
  delete(id: string, options?: OperationOptions): TE.TaskEither<PaymentLinkError, void>;
  /** After an ambiguous create: the link made for `reference`, or `undefined` if none was. */
  reconcile(
    reference: string,
    options?: OperationOptions,
  ): TE.TaskEither<PaymentLinkError, PaymentLink | undefined>;
  /** Verifies and parses a notification. */
  parseWebhook(request: WebhookRequest): E.Either<PaymentLinkError, WebhookEvent>;
  /** Verifies a notification and re-fetches the link it is about. */
  resolveWebhook(
    request: WebhookRequest,
    options?: OperationOptions,
  ): TE.TaskEither<PaymentLinkError, { readonly event: WebhookEvent; readonly link: PaymentLink }>;
}

/**
 * A client over one provider, chosen by configuration. Promise methods
 * throw {@link PaymentLinkException}; `te` has the same operations as
 * TaskEithers. An operation the provider lacks fails with `UnsupportedError`.
 */
export interface PaymentLinks {
  /** Adapter id of the provider in use. */
  readonly id: string;
  /** What the provider can do. */
  readonly capabilities: Capabilities;
  /** The provider itself. */
  readonly provider: PaymentLinkProvider;
  /** The TaskEither API. */
  readonly te: PaymentLinksTE;
  /**
   * Creates a payment link and answers it as the provider made it (`url` is
   * where the payer pays). The input is checked first, as `checkCreate`
   * does: a bad one throws a `ValidationError` naming every problem before
   * any request. Pass `options.idempotencyKey` to make a retry safe.
   *
   * @example
   * const link = await links.create({ reference: 'inv-1', amount: { amount: 995, currency: 'EUR' } })
   */
  create(input: CreatePaymentLinkInput, options?: OperationOptions): Promise<PaymentLink>;
  /** Fetches a link by the provider's id; a missing one throws `NotFoundError`. */
  get(id: string, options?: OperationOptions): Promise<PaymentLink>;
  /**
   * Every link matching the query, across all pages, fetched as you iterate;
   * `.toArray({ limit })` collects at most `limit` of them.
   *
   * @example
   * const open = await links.list({ status: ['open'] }).toArray({ limit: 500 })
   */
  list(query?: ListQuery, options?: OperationOptions): LinkList;
  /** Every page matching the query. */
  pages(query?: ListQuery, options?: OperationOptions): AsyncIterableIterator<LinkPage>;
  /** Withdraws an open link so it can no longer be paid, and answers it; `UnsupportedError` where the provider cannot. */
  cancel(id: string, reason?: string, options?: OperationOptions): Promise<PaymentLink>;
  /** Makes a draft link payable, and answers it; `UnsupportedError` where the provider has no drafts. */
  activate(id: string, options?: OperationOptions): Promise<PaymentLink>;
  /** Deletes a link; `UnsupportedError` where the provider cannot. */
  delete(id: string, options?: OperationOptions): Promise<void>;
  /** After an ambiguous create: the link made for `reference`, or `undefined` if none was. */
  reconcile(reference: string, options?: OperationOptions): Promise<PaymentLink | undefined>;
  /** Verifies and parses a notification; throws on a bad one. */
  parseWebhook(request: WebhookRequest): WebhookEvent;
  /** Verifies a notification and re-fetches the link it is about. */
  resolveWebhook(
    request: WebhookRequest,
    options?: OperationOptions,
  ): Promise<{ readonly event: WebhookEvent; readonly link: PaymentLink }>;
  /**
   * Listens to the HTTP calls of this client's operations: `request` (a try
   * is sent), `response` (it was answered), `retry` (it failed and another
   * follows), `error` (the call failed for good). Events carry provider,
   * operation, method, URL template, attempt, status, duration, request id
   * and idempotency key; never a header, body, query or secret. A listener
   * is a guest: if it throws, or is `async` and rejects, the call goes on
   * unchanged and the failure becomes a process warning (`PAYLINKS_LISTENER`).
   * An unknown event name (`__proto__` included) is a `TypeError`.
   *
   * @example
   * links.on('response', (e) => log.info(`${e.method} ${e.urlTemplate} ${e.status} ${e.durationMs.toFixed(0)}ms`))
   */
  on<K extends PaymentLinksEventName>(
    event: K,
    listener: (event: PaymentLinksEventMap[K]) => void,
  ): PaymentLinks;
  /** Removes a listener added with {@link PaymentLinks.on}. */
  off<K extends PaymentLinksEventName>(
    event: K,
    listener: (event: PaymentLinksEventMap[K]) => void,
  ): PaymentLinks;
}

async function run<A>(task: TE.TaskEither<PaymentLinkError, A>): Promise<A> {
  const result = await task();
  if (E.isLeft(result)) throw new PaymentLinkException(result.left);
  return result.right;
}

/** Wraps a provider in the client API (no configuration involved). */
export function fromProvider(unguarded: PaymentLinkProvider, clientOptions?: ClientOptions): PaymentLinks {
  const provider = guardProvider(unguarded);
  const instrumentation = instrumentClient(provider.id, clientOptions);
  const te: PaymentLinksTE = instrumentation.operations(operationsOf(provider, () => te));
  return promiseClient(provider, te, instrumentation.events);
}

function unsupported(provider: PaymentLinkProvider, feature: string) {
  return unsupportedError({
    provider: provider.id,
    operation: feature,
    feature,
    message: `${provider.id} has no ${feature} operation for payment links`,
  });
}

/**
 * The TaskEither operations over a guarded provider. `self` is the instrumented result, so that
 * `pages` and `resolveWebhook` go through the observed `listPage` and `parseWebhook`.
 */
function operationsOf(provider: PaymentLinkProvider, self: () => PaymentLinksTE): PaymentLinksTE {
  return {
    create: (input, options) => provider.create(input, options),
    get: (id, options) => provider.get(id, options),
    listPage: (query = {}, cursor, options) =>
      provider.list !== undefined
        ? provider.list(query, cursor, options)
        : TE.left(unsupported(provider, 'list')),
    pages: (query = {}, options) =>
      walkPages((cursor) => self().listPage(query, cursor, options), {
        provider: provider.id,
        operation: 'list',
        // The caller reads page by page and can stop; an adapter's own walks (reconcile) cannot.
        maxPages: Infinity,
      }),
    cancel: (id, reason, options) =>
      provider.cancel !== undefined
        ? provider.cancel(id, reason, options)
        : TE.left(unsupported(provider, 'cancel')),
    activate: (id, options) =>
      provider.activate !== undefined
        ? provider.activate(id, options)
        : TE.left(unsupported(provider, 'activate')),
    delete: (id, options) =>
      provider.delete !== undefined ? provider.delete(id, options) : TE.left(unsupported(provider, 'delete')),
    reconcile: (reference, options) =>
      provider.reconcile !== undefined
        ? provider.reconcile(reference, options)
        : TE.left(unsupported(provider, 'reconcile')),
    parseWebhook: (request) =>
      provider.parseWebhook !== undefined
        ? provider.parseWebhook(request)
        : E.left(unsupported(provider, 'parseWebhook')),
    resolveWebhook: (request, options) => resolveWebhook(provider, self(), request, options),
  };
}

/** Verifies a notification, then fetches the link it is about (by the adapter's own rule where it has one). */
function resolveWebhook(
  provider: PaymentLinkProvider,
  te: PaymentLinksTE,
  request: WebhookRequest,
  options: OperationOptions | undefined,
): ReturnType<PaymentLinksTE['resolveWebhook']> {
  const checked = checkOptions(options, provider.id, 'resolveWebhook');
  if (E.isLeft(checked)) return TE.left(checked.left);
  return pipe(
    TE.fromEither(te.parseWebhook(request)),
    TE.chain((event) =>
      pipe(
        provider.resolveWebhookLink !== undefined
          ? provider.resolveWebhookLink(event, options)
          : event.linkId !== undefined
            ? provider.get(event.linkId, options)
            : TE.left<PaymentLinkError, PaymentLink>(
                unsupportedError({
                  provider: provider.id,
                  operation: 'resolveWebhook',
                  feature: 'resolveWebhook',
                  message: `${provider.id} event ${event.rawType} names no payment link`,
                }),
              ),
        TE.map((link) => ({ event, link })),
      ),
    ),
  );
}

/** The Promise face: the same operations, throwing {@link PaymentLinkException}. */
function promiseClient(provider: PaymentLinkProvider, te: PaymentLinksTE, events: EventHub): PaymentLinks {
  const pages = async function* (query: ListQuery = {}, options?: OperationOptions) {
    for await (const page of te.pages(query, options)) {
      if (E.isLeft(page)) throw new PaymentLinkException(page.left);
      yield page.right;
    }
  };
  const client: PaymentLinks = {
    id: provider.id,
    capabilities: provider.capabilities,
    provider,
    te,
    create: (input, options) => run(te.create(input, options)),
    get: (id, options) => run(te.get(id, options)),
    pages,
    list: (query = {}, options) => linkList(pages(query, options), provider.id),
    cancel: (id, reason, options) => run(te.cancel(id, reason, options)),
    activate: (id, options) => run(te.activate(id, options)),
    delete: (id, options) => run(te.delete(id, options)),
    reconcile: (reference, options) => run(te.reconcile(reference, options)),
    parseWebhook: (request) => {
      const result = te.parseWebhook(request);
      if (E.isLeft(result)) throw new PaymentLinkException(result.left);
      return result.right;
    },
    resolveWebhook: (request, options) => run(te.resolveWebhook(request, options)),
    on: (event, listener) => {
      events.on(event, listener);
      return client;
    },
    off: (event, listener) => {
      events.off(event, listener);
      return client;
    },
  };
  return client;
}

/** A configuration object: the provider to use and the settings of each. */
export type PaymentLinksConfig = { readonly provider: string } & Readonly<Record<string, unknown>>;

/** Adapters the configuration may choose from, by id. */
export type AdapterRegistry = Readonly<Record<string, PaymentLinkAdapter<never, PaymentLinkProvider>>>;

/** The settings type an adapter factory takes: `SettingsOf<typeof costplus>` is `CostplusSettings`. */
export type SettingsOf<A> = A extends { readonly [settingsType]?: (settings: infer S) => void } ? S : never;

/**
 * The configurations a registry of adapters accepts, as the compiler checks
 * them: `provider` is one of the registry's ids, its settings are required
 * and typed by its adapter, and the other adapters' settings may be present
 * too. `{ provider: 'costplus', costplus: { apikey: 'x' } }` does not compile.
 */
export type PaymentLinksConfigFor<R extends AdapterRegistry> = {
  readonly [K in keyof R & string]: { readonly provider: K } & { readonly [P in K]: SettingsOf<R[P]> } & {
    readonly [P in Exclude<keyof R & string, K>]?: SettingsOf<R[P]>;
  };
}[keyof R & string];

/**
 * A configuration `C` with no key its adapters lack: a key beside `provider`
 * that is no adapter id, or a setting an adapter does not have
 * (`costplus: { apiKey, baseURL }`), is typed `never` and fails to compile.
 */
export type ExactConfig<R extends AdapterRegistry, C> = C & {
  readonly [K in keyof C]: K extends 'provider'
    ? unknown
    : K extends keyof R
      ? Exact<SettingsOf<R[K]>, C[K]>
      : never;
};

declare const uncheckedBrand: unique symbol;

/**
 * A configuration the compiler cannot check (read from JSON, the
 * environment, a secrets store): `createPaymentLinks` checks it at run time
 * only. `configFromEnv` answers one; {@link uncheckedConfig} marks any value as one.
 */
export type UncheckedConfig = PaymentLinksConfig & { readonly [uncheckedBrand]: true };

/**
 * Marks a value whose type is unknown (a parsed file, a remote setting) as a
 * configuration for `createPaymentLinks` to check at run time.
 *
 * @example
 * createPaymentLinks(uncheckedConfig(await readSettings(merchant)), { costplus, conomy })
 */
export function uncheckedConfig(value: unknown): UncheckedConfig {
  return value as UncheckedConfig;
}

/**
 * Validates a configuration and builds the client; a bad configuration is a
 * `ValidationError` naming the key (`provider`, `conomy.clientSecret`).
 */
export function createPaymentLinksEither(
  config: unknown,
  adapters: AdapterRegistry,
  clientOptions?: ClientOptions,
): E.Either<ValidationError, PaymentLinks> {
  const known = Object.keys(adapters);
  if (typeof config !== 'object' || config === null) {
    return E.left(
      validationError({
        field: '',
        message: 'configuration must be an object like { provider, <provider>: {...} }',
      }),
    );
  }
  const provider = (config as Record<string, unknown>)['provider'];
  if (typeof provider !== 'string' || !Object.hasOwn(adapters, provider)) {
    return E.left(
      validationError({
        field: 'provider',
        message: `provider must be one of ${known.join(', ')}${typeof provider === 'string' ? `, got "${provider}"` : ''}`,
      }),
    );
  }
  const strayKeys = Object.keys(config).filter((key) => key !== 'provider' && !Object.hasOwn(adapters, key));
  if (strayKeys.length > 0) {
    const issues = strayKeys.map((key) => {
      const suggestion = closest(key, ['provider', ...known]);
      return {
        field: key,
        message: `${key} is neither provider nor an adapter id (${known.join(', ')})${suggestion !== undefined ? `; did you mean ${suggestion}?` : ''}`,
      };
    });
    return E.left(
      validationError({
        field: issues[0]!.field,
        message: issues[0]!.message,
        ...(issues.length > 1 ? { issues } : {}),
      }),
    );
  }
  const adapter = adapters[provider] as PaymentLinkAdapter<unknown>;
  const settings = (config as Record<string, unknown>)[provider];
  if (typeof settings !== 'object' || settings === null) {
    return E.left(
      validationError({
        field: provider,
        message: `${provider} settings are missing from the configuration`,
      }),
    );
  }
  return pipe(
    checkSettings(adapter, settings),
    // The settings were checked against the adapter's codec just now: the compile-time shape adds nothing here.
    E.map((checked) =>
      fromProvider((adapter as (settings: unknown) => PaymentLinkProvider)(checked), clientOptions),
    ),
  );
}

/**
 * Builds the client from a configuration; throws {@link PaymentLinkException}
 * (a `ValidationError` naming the key) when the configuration is bad. The
 * compiler checks a configuration written in code against the adapters
 * passed ({@link PaymentLinksConfigFor}); one read from JSON or the
 * environment ({@link UncheckedConfig}) is checked at run time only.
 *
 * @example
 * const links = createPaymentLinks(
 *   { provider: merchant.psp, costplus: { apiKey }, conomy: { apiKey, clientId, clientSecret } },
 *   { costplus, conomy },
 * )
 * const link = await links.create({ reference: 'inv-1', amount: { amount: 995, currency: 'EUR' } })
 */
export function createPaymentLinks<R extends AdapterRegistry, C extends PaymentLinksConfigFor<R>>(
  config: ExactConfig<NoInfer<R>, C> | UncheckedConfig,
  adapters: R,
  clientOptions?: ClientOptions,
): PaymentLinks {
  const result = createPaymentLinksEither(config, adapters, clientOptions);
  if (E.isLeft(result)) throw new PaymentLinkException(result.left);
  return result.right;
}

/** `hsa-provider` = `HSA_PROVIDER`. */
export function envName(id: string): string {
  return id.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

/** The variable `configFromEnv` reads a setting from: (`conomy`, `clientSecret`) = `PAYLINKS_CONOMY_CLIENT_SECRET`. */
function envVariable(id: string, setting: string): string {
  return `PAYLINKS_${envName(id)}_${setting.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
}

/**
 * Reads a configuration from environment variables: `PAYLINKS_PROVIDER`,
 * and for each adapter `PAYLINKS_<ID>_<SETTING>` (`PAYLINKS_CONOMY_CLIENT_SECRET`
 * = `conomy.clientSecret`, `PAYLINKS_HSA_PROVIDER_API_KEY` = `hsa-provider.apiKey`).
 */
export function configFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  adapters: AdapterRegistry,
): UncheckedConfig {
  const config: Record<string, unknown> = { provider: env['PAYLINKS_PROVIDER'] ?? '' };
  // Longest prefix first: an adapter id that extends another's (`hsa` and `hsa-provider`) keeps its own variables.
  const ids = Object.keys(adapters).sort((a, b) => envName(b).length - envName(a).length);
  const claimed = new Set<string>();
  for (const id of ids) {
    const prefix = `PAYLINKS_${envName(id)}_`;
    const settings: Record<string, string> = {};
    const origins: Record<string, string> = {};
    for (const [key, value] of Object.entries(env)) {
      if (!key.startsWith(prefix) || claimed.has(key) || value === undefined || value === '') continue;
      claimed.add(key);
      const camel = key
        .slice(prefix.length)
        .toLowerCase()
        .replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
      settings[camel] = value;
      origins[camel] = key;
    }
    // Unknown keys are reported with the variable they came from (not enumerable: never part of the settings).
    Object.defineProperty(settings, envOrigin, { value: origins });
    if (Object.keys(settings).length > 0) config[id] = settings;
  }
  return config as UncheckedConfig;
}
