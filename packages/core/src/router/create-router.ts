import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';

import { fromProvider, type PaymentLinks, type PaymentLinksTE } from '../client.js';
import { newIdempotencyKey } from '../http-client.js';
import {
  PaymentLinkException,
  providerError,
  unsupportedError,
  validationError,
  type PaymentLinkError,
  type ValidationError,
} from '../errors.js';
import type { CreatePaymentLinkInput, PaymentLink } from '../model.js';
import type {
  Capabilities,
  LinkPage,
  ListQuery,
  OperationOptions,
  PaymentLinkProvider,
} from '../provider.js';
import type { WebhookEvent } from '../webhook.js';
import {
  createCircuitBreaker,
  decodeHealthSettings,
  healthOutcome,
  type BreakerPermit,
  type BreakerSnapshot,
  type BreakerTransition,
  type CircuitBreaker,
  type HealthSettings,
} from './circuit-breaker.js';
import { judgeCreateFailure, mayHideEarlierTry } from './failover-policy.js';
import {
  selectRouteRule,
  type RouteContext,
  type RuleSelection,
  type RuleVerdict,
} from './match-route-rule.js';
import { parseRoutedLinkId, routedLinkId, withRoutedId } from './routed-link-id.js';
import { parseRoutedWebhook } from './route-webhook.js';
import { routerEligibility, type CreateCheck } from './router-eligibility.js';
import {
  decodeRoutingConfig,
  type ProviderOrder,
  type RouteRule,
  type RoutingConfig,
} from './routing-rules.js';

/** Per-call options of a routed create: the usual ones, plus what rules may match on. */
export interface RouteOptions extends OperationOptions {
  /** The merchant the link is for (rules' `merchant` condition). Not sent to any provider. */
  readonly merchantId?: string;
}

/** What `explain` and rules read besides the input. */
export interface ExplainContext {
  /** The merchant the link is for (rules' `merchant` condition). */
  readonly merchantId?: string;
}

/** How the router settles an ambiguous create before deciding anything. */
export interface AmbiguitySettings {
  /**
   * Milliseconds to wait after an ambiguous failure before reconciling
   * (default 2,000): a request the router gave up on may still be at work
   * at the provider, and a reconcile that runs before it lands would say
   * "no link". Set it above the longest the provider may take to act on a
   * request: the request may have reached it only as the timeout fired.
   */
  readonly settleMs?: number;
  /** Replays of the create with the failed call's idempotency key, on providers that take keys (default 2). */
  readonly keyedRetries?: number;
}

/** Settings of {@link createRouter}. */
export interface RouterOptions {
  /** The providers to route between (ids must be distinct and contain no `:`). */
  readonly providers: ReadonlyArray<PaymentLinkProvider>;
  /** Routing rules (JSON data, see {@link RouteRule}); the first that matches an input decides. */
  readonly rules: ReadonlyArray<RouteRule>;
  /** Providers to try, in order, when no rule matches; without it such an input is a `ValidationError`. */
  readonly fallback?: ProviderOrder;
  /** Circuit-breaker settings (see {@link HealthSettings}); `false` turns the breakers off. */
  readonly health?: HealthSettings | false;
  /**
   * Whether a provider can take an input, checked before it is tried; a
   * refusal skips it and is kept for the error if no provider can. Default:
   * core's input checks and the provider's capability flags.
   */
  readonly check?: CreateCheck;
  /** The clock of breakers and expiry conditions (default the system clock). */
  readonly now?: () => Date;
  /**
   * The provider holding a link whose id is not a router id
   * (`<provider>:<id>`), such as ids stored before routing; `undefined`
   * when unknown.
   */
  readonly ownerOf?: (id: string) => string | undefined;
  /** How an ambiguous create is settled (see {@link AmbiguitySettings}). */
  readonly ambiguity?: AmbiguitySettings;
  /** Waits (tests inject a fake); default `setTimeout`. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Why a provider is not in a route's order. */
export interface SkippedProvider {
  readonly provider: string;
  /**
   * `not-in-route`: the matching rule (or the fallback) does not list it;
   * `cannot-take-input`: it refuses the input (`issues` say why);
   * `breaker-open`: its breaker is open (until `retryAt`) or its half-open probes are taken.
   */
  readonly reason: 'not-in-route' | 'cannot-take-input' | 'breaker-open';
  /** The reason in words. */
  readonly detail: string;
  readonly issues?: ReadonlyArray<{ readonly field: string; readonly message: string }>;
  readonly retryAt?: Date;
}

/** What `router.explain(input)` answers: the order a create would try now, and why the rest are left out. */
export interface RouteExplanation {
  /** `rule`: a rule matched; `fallback`: none did and the fallback applies; `none`: neither. */
  readonly source: 'rule' | 'fallback' | 'none';
  /** The matching rule's name. */
  readonly rule?: string;
  /** Providers a create would try now, in order. */
  readonly order: ReadonlyArray<string>;
  /** Every other provider of the router, with the reason. */
  readonly skipped: ReadonlyArray<SkippedProvider>;
  /** Each rule looked at, and why it did not match. */
  readonly rules: ReadonlyArray<RuleVerdict>;
}

/** One provider tried (or passed over) by a routed create. */
export interface RouteAttempt {
  readonly provider: string;
  /**
   * `created`: it holds the link; `failed-over`: it certainly made nothing, the next one was tried;
   * `ambiguous`: it may hold the link, nothing more was tried; `stopped`: it answered something that
   * forbids failing over; `skipped-by-breaker`: its breaker was open when its turn came.
   */
  readonly result: 'created' | 'failed-over' | 'ambiguous' | 'stopped' | 'skipped-by-breaker';
  readonly error?: PaymentLinkError;
  /** How an ambiguous failure was settled. */
  readonly settled?: AmbiguityEvent['resolution'];
}

/** The `routed` event: how one create ended. */
export interface RouteOutcome {
  readonly reference?: string;
  /** The matching rule's name (absent for the fallback). */
  readonly rule?: string;
  /** `created`: exactly one link exists; `ambiguous`: `provider` may hold one; `failed`: none was made. */
  readonly outcome: 'created' | 'ambiguous' | 'failed';
  /** The provider holding the link (created) or that may hold it (ambiguous). */
  readonly provider?: string;
  /** The router id of the link made. */
  readonly linkId?: string;
  readonly attempts: ReadonlyArray<RouteAttempt>;
}

/** The `failover` event: a provider certainly made nothing, the next one is tried. */
export interface FailoverEvent {
  readonly reference?: string;
  readonly from: string;
  readonly error: PaymentLinkError;
  readonly why: string;
}

/** The `ambiguity` event: a create may have made a link, and how that was settled. */
export interface AmbiguityEvent {
  readonly reference?: string;
  readonly provider: string;
  readonly error: PaymentLinkError;
  /**
   * `found`: the link exists and is the create's result; `absent`: reconcile says none was made;
   * `unresolved`: neither could be established, the create stops here.
   */
  readonly resolution: 'found' | 'absent' | 'unresolved';
  readonly how: 'reconcile' | 'idempotency-key' | 'none';
}

/** The router's events and what each carries. */
export interface RouterEvents {
  readonly routed: RouteOutcome;
  readonly failover: FailoverEvent;
  readonly ambiguity: AmbiguityEvent;
  readonly breaker: BreakerTransition;
}

/** The TaskEither face of a {@link Router}: `create` takes {@link RouteOptions}. */
export interface RouterTE extends PaymentLinksTE {
  create(input: CreatePaymentLinkInput, options?: RouteOptions): TE.TaskEither<PaymentLinkError, PaymentLink>;
}

/**
 * A client over several providers: the {@link PaymentLinks} API, where
 * `create` picks the provider by the rules and fails over only when a failed
 * create certainly made nothing, and every other operation goes to the
 * provider that holds the link. Link ids are `<provider>:<provider's id>`.
 */
export interface Router extends Omit<PaymentLinks, 'on' | 'off'> {
  /** The TaskEither API. */
  readonly te: RouterTE;
  /** Creates a link on the first provider of the route that takes it; see {@link RouteOptions}. */
  create(input: CreatePaymentLinkInput, options?: RouteOptions): Promise<PaymentLink>;
  /** The route a create would take now, and why each other provider is skipped. Sends nothing. */
  explain(input: unknown, context?: ExplainContext): RouteExplanation;
  /** Each provider's breaker, by provider id (empty with `health: false`). */
  health(): Readonly<Record<string, BreakerSnapshot>>;
  /** Subscribes to an event; answers the function that unsubscribes. */
  on<K extends keyof RouterEvents>(event: K, listener: (payload: RouterEvents[K]) => void): () => void;
  /** The providers routed between. */
  readonly providers: ReadonlyArray<PaymentLinkProvider>;
}

type Resolution =
  | { readonly kind: 'found'; readonly link: PaymentLink; readonly how: AmbiguityEvent['how'] }
  | { readonly kind: 'absent'; readonly how: AmbiguityEvent['how'] }
  | { readonly kind: 'unresolved'; readonly notes: ReadonlyArray<string> };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const freePass: BreakerPermit = { probe: false, record: () => undefined };

const referenceOf = (input: unknown): string | undefined => {
  const reference = (input as { reference?: unknown } | null | undefined)?.reference;
  return typeof reference === 'string' ? reference : undefined;
};

const issuesOf = (error: ValidationError) => error.issues ?? [{ field: error.field, message: error.message }];

function anyCapability(providers: ReadonlyArray<PaymentLinkProvider>): Capabilities {
  const any = (key: keyof Capabilities) => providers.some((p) => p.capabilities[key] === true);
  // A field every provider requires (or refuses) is required (refused) whatever the route.
  const every = (key: 'requires' | 'refuses') =>
    (providers[0]?.capabilities[key] ?? []).filter((field) =>
      providers.every((p) => p.capabilities[key].includes(field)),
    );
  return {
    requires: every('requires'),
    refuses: every('refuses'),
    list: any('list'),
    cancel: any('cancel'),
    activate: any('activate'),
    delete: any('delete'),
    subscriptions: any('subscriptions'),
    lineItems: any('lineItems'),
    metadata: any('metadata'),
    idempotency: any('idempotency'),
    signedWebhooks: any('signedWebhooks'),
    webhookUrlPerLink: any('webhookUrlPerLink'),
    reconcile: any('reconcile'),
  };
}

function checkProviders(providers: ReadonlyArray<PaymentLinkProvider>): ValidationError | undefined {
  const ids = providers.map((p) => (p as { id?: unknown } | undefined)?.id);
  const bad = ids.findIndex(
    (id, i) => typeof id !== 'string' || id === '' || id.includes(':') || ids.indexOf(id) !== i,
  );
  if (providers.length > 0 && bad < 0) return undefined;
  return validationError({
    operation: 'createRouter',
    field: bad < 0 ? 'providers' : `providers.${bad}`,
    message:
      bad < 0
        ? 'providers must list at least one provider'
        : `providers.${bad}: provider ids must be distinct, non-empty and without ":" (got ${JSON.stringify(ids[bad])})`,
  });
}

/**
 * Builds a router; a bad configuration (rules, fallback, health, providers)
 * is a `ValidationError` naming the field.
 */
export function createRouterEither(options: RouterOptions): E.Either<ValidationError, Router> {
  const providers = [...options.providers];
  const badProviders = checkProviders(providers);
  if (badProviders !== undefined) return E.left(badProviders);
  const ids = providers.map((p) => p.id);
  const config = decodeRoutingConfig(
    {
      rules: options.rules,
      ...(options.fallback !== undefined ? { fallback: options.fallback } : {}),
      ...(options.health !== undefined && options.health !== false ? { health: options.health } : {}),
    },
    { providers: ids },
  );
  if (E.isLeft(config)) return config;
  const health = options.health === false ? undefined : decodeHealthSettings(config.right.health);
  if (health !== undefined && E.isLeft(health)) return health;
  return E.right(buildRouter(options, providers, config.right, health?.right));
}

/**
 * Builds a router over several providers: rules pick the providers to try
 * per input, failover happens only when a failed create certainly made
 * nothing, a circuit breaker per provider skips one that keeps failing, and
 * `explain(input)` says why. Throws {@link PaymentLinkException} (a
 * `ValidationError` naming the field) on a bad configuration.
 *
 * @example
 * const router = createRouter({
 *   providers: [costplus(costplusSettings), conomy(conomySettings), hsaProvider(hsaSettings)],
 *   ...JSON.parse(readFileSync('routes.json', 'utf8')), // { rules, fallback, health }
 * })
 * const link = await router.create(input, { merchantId: 'm-42' })
 * link.id // 'conomy:6650f1c2...': get, cancel and webhooks go back to conomy
 */
export function createRouter(options: RouterOptions): Router {
  const result = createRouterEither(options);
  if (E.isLeft(result)) throw new PaymentLinkException(result.left);
  return result.right;
}

function buildRouter(
  options: RouterOptions,
  providers: ReadonlyArray<PaymentLinkProvider>,
  config: RoutingConfig,
  health: Required<HealthSettings> | undefined,
): Router {
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? defaultSleep;
  const check = options.check ?? routerEligibility(now);
  const settleMs = options.ambiguity?.settleMs ?? 2_000;
  const keyedRetries = options.ambiguity?.keyedRetries ?? 2;
  const ids = providers.map((p) => p.id);
  const byId = new Map(providers.map((p) => [p.id, p]));

  const listeners: { [K in keyof RouterEvents]: Set<(payload: RouterEvents[K]) => void> } = {
    routed: new Set(),
    failover: new Set(),
    ambiguity: new Set(),
    breaker: new Set(),
  };
  const emit = <K extends keyof RouterEvents>(event: K, payload: RouterEvents[K]) => {
    for (const listener of listeners[event]) {
      try {
        listener(payload);
      } catch {
        // A listener's bug must not change the outcome of a payment call.
      }
    }
  };

  const breakers = new Map<string, CircuitBreaker>(
    health === undefined
      ? []
      : providers.map((p) => [p.id, createCircuitBreaker(p.id, health, now, (t) => emit('breaker', t))]),
  );

  const tracked =
    <A>(provider: string, task: TE.TaskEither<PaymentLinkError, A>): TE.TaskEither<PaymentLinkError, A> =>
    async () => {
      const result = await task();
      breakers.get(provider)?.record(healthOutcome(E.isLeft(result) ? result.left : undefined));
      return result;
    };

  interface Plan {
    readonly selection: RuleSelection;
    /** Providers of the route that can take the input, in order. */
    readonly candidates: ReadonlyArray<PaymentLinkProvider>;
    readonly skipped: ReadonlyArray<SkippedProvider>;
    readonly refusals: ReadonlyArray<ValidationError>;
  }

  const plan = (input: unknown, context: RouteContext): Plan => {
    const selection = selectRouteRule(config, input, context);
    const route = selection.rule !== undefined ? `rule ${selection.rule.name}` : 'the fallback';
    const candidates: PaymentLinkProvider[] = [];
    const refusals: ValidationError[] = [];
    const skipped: SkippedProvider[] = [];
    for (const id of selection.order) {
      const provider = byId.get(id) as PaymentLinkProvider;
      const verdict = check(input, provider);
      if (E.isRight(verdict)) candidates.push(provider);
      else {
        refusals.push({ ...verdict.left, provider: id });
        skipped.push({
          provider: id,
          reason: 'cannot-take-input',
          detail: `${id} cannot take this input: ${verdict.left.message}`,
          issues: issuesOf(verdict.left),
        });
      }
    }
    for (const id of ids) {
      if (selection.order.includes(id)) continue;
      skipped.push({
        provider: id,
        reason: 'not-in-route',
        detail:
          selection.order.length === 0
            ? 'no rule matches and there is no fallback'
            : `${route} uses ${selection.order.join(', ')}`,
      });
    }
    return { selection, candidates, skipped, refusals };
  };

  const contextOf = (merchantId: string | undefined): RouteContext => ({
    now: now(),
    ...(merchantId !== undefined ? { merchantId } : {}),
  });

  const explain = (input: unknown, context: ExplainContext = {}): RouteExplanation => {
    const planned = plan(input, contextOf(context.merchantId));
    const order: string[] = [];
    const resting: SkippedProvider[] = [];
    for (const provider of planned.candidates) {
      const state = breakers.get(provider.id)?.snapshot();
      if (state?.state === 'open') {
        resting.push({
          provider: provider.id,
          reason: 'breaker-open',
          detail: `${provider.id}'s breaker is open until ${state.retryAt?.toISOString()}`,
          ...(state.retryAt !== undefined ? { retryAt: state.retryAt } : {}),
        });
      } else if (state?.state === 'half-open' && state.probesInFlight >= (health?.halfOpenProbes ?? 1)) {
        resting.push({
          provider: provider.id,
          reason: 'breaker-open',
          detail: `${provider.id}'s breaker is half-open and its probe is in flight`,
        });
      } else order.push(provider.id);
    }
    const { selection } = planned;
    return {
      source: selection.rule !== undefined ? 'rule' : selection.order.length > 0 ? 'fallback' : 'none',
      ...(selection.rule !== undefined ? { rule: selection.rule.name } : {}),
      order,
      skipped: [...resting, ...planned.skipped],
      rules: selection.verdicts,
    };
  };

  const settle = async (
    provider: PaymentLinkProvider,
    input: CreatePaymentLinkInput,
    options: OperationOptions,
    error: PaymentLinkError,
  ): Promise<Resolution> => {
    // Keyed providers got the router's key with the create (see routedCreate).
    const notes: string[] = [];
    const aborted = () => options.signal?.aborted === true;
    await sleep(settleMs);
    const reference = referenceOf(input);
    if (
      provider.capabilities.reconcile &&
      provider.reconcile !== undefined &&
      reference !== undefined &&
      !aborted()
    ) {
      const found = await tracked(provider.id, provider.reconcile(reference, options))();
      if (E.isRight(found))
        return found.right !== undefined
          ? { kind: 'found', link: found.right, how: 'reconcile' }
          : { kind: 'absent', how: 'reconcile' };
      notes.push(`reconcile failed (${found.left._tag}: ${found.left.message})`);
    }
    const key =
      (error._tag === 'NetworkError' || error._tag === 'ProviderError' ? error.idempotencyKey : undefined) ??
      options.idempotencyKey;
    if (provider.capabilities.idempotency && key !== undefined) {
      for (let i = 0; i < keyedRetries && !aborted(); i++) {
        if (i > 0) await sleep(settleMs);
        // The same key: the provider answers the link the lost call made, or makes it now; never a second.
        const replay = await tracked(
          provider.id,
          provider.create(input, { ...options, idempotencyKey: key }),
        )();
        if (E.isRight(replay)) return { kind: 'found', link: replay.right, how: 'idempotency-key' };
        // The provider read this key and refused the body: had any try with the key made a link, it
        // would have answered that link. (A 401, 403 or 429 is refused before the key is read.)
        if (replay.left._tag === 'ValidationError' && replay.left.httpStatus !== undefined)
          return { kind: 'absent', how: 'idempotency-key' };
        notes.push(
          `replay ${i + 1} with the idempotency key failed (${replay.left._tag}: ${replay.left.message})`,
        );
      }
    }
    if (notes.length === 0) notes.push(`${provider.id} can neither reconcile nor replay an idempotency key`);
    return { kind: 'unresolved', notes };
  };

  const routedCreate =
    (input: CreatePaymentLinkInput, options?: RouteOptions): TE.TaskEither<PaymentLinkError, PaymentLink> =>
    async () => {
      const { merchantId, ...given } = options ?? {};
      if (merchantId !== undefined && typeof merchantId !== 'string') {
        return E.left(
          validationError({
            operation: 'create',
            field: 'options.merchantId',
            message: 'options.merchantId must be a string',
          }),
        );
      }
      // One key for the whole routed create, so a keyed provider's failure can be settled by replaying it.
      const keyed: OperationOptions = {
        ...given,
        idempotencyKey: given.idempotencyKey ?? newIdempotencyKey(),
      };
      const reference = referenceOf(input);
      const planned = plan(input, contextOf(merchantId));
      const rule = planned.selection.rule?.name;
      const attempts: RouteAttempt[] = [];
      const report = (outcome: Omit<RouteOutcome, 'attempts' | 'reference' | 'rule'>) =>
        emit('routed', {
          ...outcome,
          attempts,
          ...(reference !== undefined ? { reference } : {}),
          ...(rule !== undefined ? { rule } : {}),
        });
      const failed = (error: PaymentLinkError) => {
        report({ outcome: 'failed' });
        return E.left(error);
      };
      const made = (provider: string, link: PaymentLink) => {
        const routed = withRoutedId(provider, link);
        report({ outcome: 'created', provider, linkId: routed.id });
        return E.right(routed);
      };
      if (planned.candidates.length === 0) return failed(noRouteError(planned.selection, planned.refusals));

      for (const provider of planned.candidates) {
        const permit = breakers.has(provider.id) ? breakers.get(provider.id)?.tryAcquire() : freePass;
        if (permit === undefined) {
          attempts.push({ provider: provider.id, result: 'skipped-by-breaker' });
          continue;
        }
        const callOptions = provider.capabilities.idempotency ? keyed : given;
        const result = await provider.create(input, callOptions)();
        if (E.isRight(result)) {
          permit.record('success');
          attempts.push({ provider: provider.id, result: 'created' });
          return made(provider.id, result.right);
        }
        const error = result.left;
        permit.record(healthOutcome(error));
        const judged = judgeCreateFailure(error);
        const verdict =
          judged.kind === 'nothing-made' && mayHideEarlierTry(error, provider)
            ? {
                kind: 'ambiguous' as const,
                why: `${judged.why}, but an earlier try of this keyed create may have reached ${provider.id}`,
              }
            : judged;
        if (verdict.kind === 'stop') {
          attempts.push({ provider: provider.id, result: 'stopped', error });
          return failed({ ...error, message: `${error.message} (not failing over: ${verdict.why})` });
        }
        if (verdict.kind === 'ambiguous') {
          const settled = await settle(provider, input, callOptions, error);
          const how = settled.kind === 'unresolved' ? 'none' : settled.how;
          emit('ambiguity', {
            provider: provider.id,
            error,
            resolution: settled.kind,
            how,
            ...(reference !== undefined ? { reference } : {}),
          });
          if (settled.kind === 'found') {
            attempts.push({ provider: provider.id, result: 'created', error, settled: 'found' });
            return made(provider.id, settled.link);
          }
          if (settled.kind === 'unresolved') {
            attempts.push({ provider: provider.id, result: 'ambiguous', error, settled: 'unresolved' });
            report({ outcome: 'ambiguous', provider: provider.id });
            return E.left({
              ...error,
              provider: provider.id,
              message: `create for reference ${reference ?? '(none)'} may have made a link on ${provider.id} (${verdict.why}: ${error.message}); ${settled.notes.join('; ')}. Not failing over: reconcile with ${provider.id} before creating it again`,
              retryable: false,
            });
          }
        }
        attempts.push({
          provider: provider.id,
          result: 'failed-over',
          error,
          ...(verdict.kind === 'ambiguous' ? { settled: 'absent' as const } : {}),
        });
        emit('failover', {
          from: provider.id,
          error,
          why: verdict.kind === 'ambiguous' ? `${verdict.why}; settled: no link` : verdict.why,
          ...(reference !== undefined ? { reference } : {}),
        });
      }
      return failed(exhaustedError(reference, attempts, breakers));
    };

  const owner = (
    id: string,
    operation: string,
  ): E.Either<PaymentLinkError, { readonly provider: PaymentLinkProvider; readonly id: string }> => {
    const routed = typeof id === 'string' ? parseRoutedLinkId(id, ids) : undefined;
    if (routed !== undefined)
      return E.right({ provider: byId.get(routed.provider) as PaymentLinkProvider, id: routed.id });
    const known = typeof id === 'string' ? options.ownerOf?.(id) : undefined;
    const provider = known !== undefined ? byId.get(known) : undefined;
    if (provider !== undefined) return E.right({ provider, id });
    return E.left(
      validationError({
        operation,
        field: 'id',
        message: `id must be a router link id "<provider>:<id>" with a provider of this router (${ids.join(', ')}), as create returns it${options.ownerOf !== undefined ? ', or an id ownerOf knows' : ''}`,
      }),
    );
  };

  const unsupported = (provider: PaymentLinkProvider, feature: string) =>
    unsupportedError({
      provider: provider.id,
      operation: feature,
      feature,
      message: `${provider.id} has no ${feature} operation for payment links`,
    });

  const onOwner =
    <A>(
      id: string,
      operation: string,
      call: (provider: PaymentLinkProvider, id: string) => TE.TaskEither<PaymentLinkError, A> | undefined,
      routeResult: (provider: string, value: A) => A,
    ): TE.TaskEither<PaymentLinkError, A> =>
    async () => {
      const found = owner(id, operation);
      if (E.isLeft(found)) return found;
      const { provider } = found.right;
      const task = call(provider, found.right.id);
      if (task === undefined) return E.left(unsupported(provider, operation));
      const result = await tracked(provider.id, task)();
      return E.isRight(result) ? E.right(routeResult(provider.id, result.right)) : result;
    };

  const listers = providers.filter((p) => p.list !== undefined);

  const list =
    (
      query: ListQuery,
      cursor?: string,
      options?: OperationOptions,
    ): TE.TaskEither<PaymentLinkError, LinkPage> =>
    async () => {
      // The router's cursor is `<provider>:<that provider's cursor>`, empty after the colon for its first page.
      const at =
        cursor === undefined
          ? undefined
          : parseRoutedLinkId(
              cursor,
              listers.map((p) => p.id),
            );
      if (cursor !== undefined && at === undefined) {
        return E.left(
          validationError({
            operation: 'list',
            field: 'cursor',
            message: 'cursor must be a nextCursor this router answered',
          }),
        );
      }
      const index = at === undefined ? 0 : listers.findIndex((p) => p.id === at.provider);
      const provider = listers[index];
      if (provider === undefined || provider.list === undefined) {
        return E.left(
          unsupportedError({
            operation: 'list',
            feature: 'list',
            message: 'none of the router providers lists payment links',
          }),
        );
      }
      let scoped = query;
      if (query.ids !== undefined) {
        const own = query.ids.flatMap((id) => {
          const found = owner(id, 'list');
          return E.isRight(found) && found.right.provider.id === provider.id ? [found.right.id] : [];
        });
        scoped = { ...query, ids: own };
      }
      const page =
        scoped.ids !== undefined && scoped.ids.length === 0
          ? E.right<PaymentLinkError, LinkPage>({ links: [] })
          : await tracked(provider.id, provider.list(scoped, at?.id === '' ? undefined : at?.id, options))();
      if (E.isLeft(page)) return page;
      const next = listers[index + 1];
      const nextCursor =
        page.right.nextCursor !== undefined
          ? routedLinkId(provider.id, page.right.nextCursor)
          : next !== undefined
            ? routedLinkId(next.id, '')
            : undefined;
      return E.right({
        links: page.right.links.map((link) => withRoutedId(provider.id, link)),
        ...(nextCursor !== undefined ? { nextCursor } : {}),
      });
    };

  const reconcile =
    (
      reference: string,
      options?: OperationOptions,
    ): TE.TaskEither<PaymentLinkError, PaymentLink | undefined> =>
    async () => {
      for (const provider of providers) {
        if (!provider.capabilities.reconcile || provider.reconcile === undefined) continue;
        const found = await tracked(provider.id, provider.reconcile(reference, options))();
        if (E.isLeft(found)) return found;
        if (found.right !== undefined) return E.right(withRoutedId(provider.id, found.right));
      }
      return E.right(undefined);
    };

  const routedEvent = (provider: string, event: WebhookEvent): WebhookEvent =>
    event.linkId !== undefined ? { ...event, linkId: routedLinkId(provider, event.linkId) } : event;

  const composite: PaymentLinkProvider = {
    id: 'router',
    capabilities: anyCapability(providers),
    create: routedCreate,
    get: (id, opts) => onOwner(id, 'get', (p, own) => p.get(own, opts), withRoutedId),
    list,
    cancel: (id, reason, opts) =>
      onOwner(id, 'cancel', (p, own) => p.cancel?.(own, reason, opts), withRoutedId),
    activate: (id, opts) => onOwner(id, 'activate', (p, own) => p.activate?.(own, opts), withRoutedId),
    delete: (id, opts) =>
      onOwner(
        id,
        'delete',
        (p, own) => p.delete?.(own, opts),
        (_, v) => v,
      ),
    reconcile,
    parseWebhook: (request) =>
      E.map(({ provider, event }: { provider: PaymentLinkProvider; event: WebhookEvent }) =>
        routedEvent(provider.id, event),
      )(parseRoutedWebhook(providers, request)),
    resolveWebhookLink: (event, opts) => {
      const linkId = event.linkId;
      const provider = byId.get(event.provider);
      if (provider === undefined) {
        return async () =>
          E.left(
            validationError({
              operation: 'resolveWebhook',
              field: 'provider',
              message: `the event names provider ${event.provider}, which is not one of this router's`,
            }),
          );
      }
      const own = linkId !== undefined ? (parseRoutedLinkId(linkId, [provider.id])?.id ?? linkId) : undefined;
      const bare: WebhookEvent = { ...event, ...(own !== undefined ? { linkId: own } : {}) };
      const task =
        provider.resolveWebhookLink !== undefined
          ? provider.resolveWebhookLink(bare, opts)
          : own !== undefined
            ? provider.get(own, opts)
            : undefined;
      if (task === undefined) {
        return async () =>
          E.left(
            unsupportedError({
              provider: provider.id,
              operation: 'resolveWebhook',
              feature: 'resolveWebhook',
              message: `${provider.id} event ${event.rawType} names no payment link`,
            }),
          );
      }
      return async () => {
        const result = await tracked(provider.id, task)();
        return E.isRight(result) ? E.right(withRoutedId(provider.id, result.right)) : result;
      };
    },
  };

  const client = fromProvider(composite);
  return {
    ...client,
    // fromProvider hands create's options to the composite as given, merchantId included.
    te: client.te as RouterTE,
    explain,
    health: () => Object.fromEntries([...breakers].map(([id, breaker]) => [id, breaker.snapshot()])),
    on: (event, listener) => {
      const set = listeners[event] as Set<typeof listener>;
      set.add(listener);
      return () => set.delete(listener);
    },
    providers,
  };
}

function noRouteError(selection: RuleSelection, refusals: ReadonlyArray<ValidationError>): ValidationError {
  if (selection.order.length === 0) {
    const why = selection.verdicts.map((v) => `${v.rule}: ${v.unmet.join(', ')}`).join('; ');
    return validationError({
      operation: 'create',
      field: '',
      message: `no routing rule matches this input and there is no fallback${why !== '' ? ` (${why})` : ''}`,
    });
  }
  const issues = refusals.flatMap((refusal) =>
    issuesOf(refusal).map((issue) => ({
      ...issue,
      provider: refusal.provider ?? '',
      message: `[${refusal.provider}] ${issue.message}`,
    })),
  );
  const route = selection.rule !== undefined ? `rule ${selection.rule.name}` : 'the fallback';
  return validationError({
    operation: 'create',
    field: issues[0]?.field ?? '',
    message: `no provider of ${route} can take this input: ${issues.map((i) => i.message).join('; ')}`,
    issues,
  });
}

function exhaustedError(
  reference: string | undefined,
  attempts: ReadonlyArray<RouteAttempt>,
  breakers: ReadonlyMap<string, CircuitBreaker>,
): PaymentLinkError {
  const summary = attempts
    .map((a) =>
      a.error !== undefined
        ? `${a.provider}: ${a.error._tag} (${a.error.message})`
        : `${a.provider}: breaker open until ${breakers.get(a.provider)?.snapshot().retryAt?.toISOString() ?? 'its probe returns'}`,
    )
    .join('; ');
  const last = [...attempts].reverse().find((a) => a.error !== undefined)?.error;
  const message = `no provider made a link for reference ${reference ?? '(none)'}, and none holds one: ${summary}`;
  if (last === undefined) {
    return providerError({ operation: 'create', message, retryable: true });
  }
  return {
    ...last,
    message,
    retryable: attempts.some((a) => a.error?.retryable === true || a.error === undefined),
  };
}
