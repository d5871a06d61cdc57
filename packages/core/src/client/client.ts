// The application client: fromProvider, createPaymentLinks over an adapter registry, and configFromEnv.
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';

import {
  checkSettings,
  type Exact,
  type PaymentLinkAdapter,
  type settingsType,
} from '../adapter/define-adapter.js';
import { closest } from '../adapter/setting-keys.js';
import { walkPages } from '../adapter/walk-pages.js';
import type { EventHub } from '../events/observability.js';
import {
  PaymentLinkException,
  unsupportedError,
  validationError,
  type PaymentLinkError,
  type ValidationError,
} from '../model/errors.js';
import type { PaymentLink } from '../model/model.js';
import { checkOptions } from '../provider/check-call.js';
import { guardProvider } from '../provider/guard-provider.js';
import type { ListQuery, OperationOptions, PaymentLinkProvider } from '../provider/provider.js';
import type { WebhookRequest } from '../webhooks/webhook.js';
import { envName, envOrigin } from './env-settings.js';
import { instrumentClient, type ClientOptions } from './instrument-client.js';
import { linkList } from './link-list.js';
import type { PaymentLinks, PaymentLinksTE } from './payment-links.js';

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
