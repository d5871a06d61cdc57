import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';

import {
  notFoundError,
  webhookVerificationError,
  type PaymentLinkError,
  unreportedAttempts,
  type CreatePaymentLinkInput,
  type PaymentLink,
  type Capabilities,
  type OperationOptions,
  type PaymentLinkProvider,
  linkStatus,
  type WebhookEvent,
  type WebhookRequest,
} from '@paylinks/core/adapter';

/** One scripted answer to a create: the link, or an error (and whether the provider made the link anyway). */
export type CreateStep = 'ok' | { readonly fail: PaymentLinkError; readonly made?: boolean };

/** An in-memory provider whose creates follow a script, for router tests. */
export interface ScriptedProvider extends PaymentLinkProvider {
  /** Answers of the next creates, first in first out; `ok` once empty. */
  readonly script: CreateStep[];
  /** Answers of the next reconciles: `ok` or an error. */
  readonly reconcileScript: Array<'ok' | PaymentLinkError>;
  /** Every link made, by reference. */
  readonly links: Map<string, PaymentLink[]>;
  /** Operations called, in order (`create`, `reconcile`, `get:<id>`, ...). */
  readonly calls: string[];
}

const base: Capabilities = {
  requires: [],
  refuses: [],
  list: true,
  cancel: true,
  activate: false,
  delete: false,
  subscriptions: false,
  lineItems: true,
  metadata: false,
  idempotency: false,
  signedWebhooks: false,
  webhookUrlPerLink: true,
  reconcile: false,
};

const task =
  <A>(value: E.Either<PaymentLinkError, A>): TE.TaskEither<PaymentLinkError, A> =>
  () =>
    Promise.resolve(value);

/** What a scripted provider holds, shared by its operations. */
interface ScriptState {
  readonly id: string;
  readonly caps: Capabilities;
  readonly links: Map<string, PaymentLink[]>;
  /** Links by idempotency key, so a repeated key replays its link. */
  readonly byKey: Map<string, PaymentLink>;
  readonly script: CreateStep[];
  readonly calls: string[];
  made: number;
  keys: number;
}

/**
 * Builds a scripted provider. With `webhookSecret`, its webhooks are
 * `{"provider", "linkId", "secret"}` bodies, verified when the secret matches;
 * without, any body with a `linkId` parses unverified.
 */
export function scriptedProvider(
  id: string,
  capabilities: Partial<Capabilities> = {},
  webhookSecret?: string,
): ScriptedProvider {
  const state: ScriptState = {
    id,
    caps: { ...base, ...capabilities },
    links: new Map(),
    byKey: new Map(),
    script: [],
    calls: [],
    made: 0,
    keys: 0,
  };
  const { links, calls } = state;
  const reconcileScript: Array<'ok' | PaymentLinkError> = [];
  const all = () => [...links.values()].flat();
  const found = (linkId: string) => all().find((l) => l.id === linkId);
  return {
    id,
    capabilities: state.caps,
    script: state.script,
    reconcileScript,
    links,
    calls,
    create: (input, options) => () => Promise.resolve(scriptedCreate(state, input, options)),
    get: (linkId) => {
      calls.push(`get:${linkId}`);
      const link = found(linkId);
      return task(
        link !== undefined
          ? E.right(link)
          : E.left(notFoundError({ provider: id, resourceId: linkId, message: `no link ${linkId}` })),
      );
    },
    list: (_query, cursor) => {
      calls.push(`list:${cursor ?? ''}`);
      const start = cursor === undefined ? 0 : Number(cursor);
      const page = all().slice(start, start + 2);
      return task(
        E.right({ links: page, ...(start + 2 < all().length ? { nextCursor: String(start + 2) } : {}) }),
      );
    },
    cancel: (linkId) => {
      calls.push(`cancel:${linkId}`);
      const link = found(linkId);
      return task(
        link !== undefined
          ? E.right({ ...link, status: linkStatus('cancelled', 'cancelled') })
          : E.left(notFoundError({ provider: id, message: `no link ${linkId}` })),
      );
    },
    reconcile: (reference) => {
      calls.push('reconcile');
      const step = reconcileScript.shift() ?? 'ok';
      return task(step === 'ok' ? E.right(links.get(reference)?.[0]) : E.left(step));
    },
    parseWebhook: (request) => parseScriptedWebhook(id, webhookSecret, request),
  };
}

function makeLink(state: ScriptState, input: CreatePaymentLinkInput): PaymentLink {
  state.made += 1;
  const { id, made, links } = state;
  const link: PaymentLink = {
    provider: id,
    id: `${id.slice(0, 2)}_${made}`,
    reference: input.reference,
    amount: input.amount as PaymentLink['amount'],
    status: linkStatus('open', 'open'),
    attempts: unreportedAttempts(),
    redirects: {},
    metadata: {},
    raw: { id: made },
  };
  links.set(input.reference, [...(links.get(input.reference) ?? []), link]);
  return link;
}

// The next scripted step decides the answer; a failing step with `made` still makes the link,
// as a provider does when only its answer is lost.
function scriptedCreate(
  state: ScriptState,
  input: CreatePaymentLinkInput,
  options: OperationOptions | undefined,
): E.Either<PaymentLinkError, PaymentLink> {
  state.calls.push('create');
  const step = state.script.shift() ?? 'ok';
  const key = state.caps.idempotency ? (options?.idempotencyKey ?? `key-${(state.keys += 1)}`) : undefined;
  let link: PaymentLink | undefined;
  if (step === 'ok' || step.made === true) {
    link = key !== undefined ? state.byKey.get(key) : undefined;
    link ??= makeLink(state, input);
    if (key !== undefined) state.byKey.set(key, link);
  }
  if (step !== 'ok') {
    const error = step.fail;
    return E.left(
      key !== undefined && (error._tag === 'NetworkError' || error._tag === 'ProviderError')
        ? { ...error, idempotencyKey: key }
        : error,
    );
  }
  return E.right(link as PaymentLink);
}

function parseScriptedWebhook(
  id: string,
  webhookSecret: string | undefined,
  request: WebhookRequest,
): E.Either<PaymentLinkError, WebhookEvent> {
  let body: { provider?: string; linkId?: string; secret?: string };
  try {
    body = JSON.parse(String(request.rawBody)) as typeof body;
  } catch {
    return E.left(webhookVerificationError({ provider: id, reason: 'malformed_body', message: 'not JSON' }));
  }
  if (webhookSecret !== undefined && body.secret !== webhookSecret) {
    return E.left(
      webhookVerificationError({ provider: id, reason: 'signature_mismatch', message: 'bad signature' }),
    );
  }
  if (body.linkId === undefined)
    return E.left(webhookVerificationError({ provider: id, reason: 'malformed_body', message: 'no linkId' }));
  return E.right({
    provider: id,
    type: 'link.paid' as const,
    rawType: 'paid',
    linkId: body.linkId,
    verified: webhookSecret !== undefined,
    raw: body,
  });
}

/** How many links the providers hold for a reference, all together. */
export function linksFor(reference: string, ...providers: ReadonlyArray<ScriptedProvider>): number {
  return providers.reduce((n, p) => n + (p.links.get(reference)?.length ?? 0), 0);
}
