import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';

import { notFoundError, webhookVerificationError, type PaymentLinkError } from '../../errors.js';
import { unreportedAttempts, type CreatePaymentLinkInput, type PaymentLink } from '../../model.js';
import type { Capabilities, OperationOptions, PaymentLinkProvider } from '../../provider.js';
import { linkStatus } from '../../status.js';

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
  const links = new Map<string, PaymentLink[]>();
  const byKey = new Map<string, PaymentLink>();
  const script: CreateStep[] = [];
  const reconcileScript: Array<'ok' | PaymentLinkError> = [];
  const calls: string[] = [];
  const caps = { ...base, ...capabilities };
  let made = 0;
  let keys = 0;
  const all = () => [...links.values()].flat();

  const make = (input: CreatePaymentLinkInput): PaymentLink => {
    made += 1;
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
  };

  return {
    id,
    capabilities: caps,
    script,
    reconcileScript,
    links,
    calls,
    create: (input: CreatePaymentLinkInput, options?: OperationOptions) => () => {
      calls.push('create');
      const step = script.shift() ?? 'ok';
      const key = caps.idempotency ? (options?.idempotencyKey ?? `key-${(keys += 1)}`) : undefined;
      let link: PaymentLink | undefined;
      if (step === 'ok' || step.made === true) {
        link = key !== undefined ? byKey.get(key) : undefined;
        link ??= make(input);
        if (key !== undefined) byKey.set(key, link);
      }
      if (step !== 'ok') {
        const error = step.fail;
        return Promise.resolve(
          E.left(
            key !== undefined && (error._tag === 'NetworkError' || error._tag === 'ProviderError')
              ? { ...error, idempotencyKey: key }
              : error,
          ),
        );
      }
      return Promise.resolve(E.right(link as PaymentLink));
    },
    get: (linkId) => {
      calls.push(`get:${linkId}`);
      const link = all().find((l) => l.id === linkId);
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
      const link = all().find((l) => l.id === linkId);
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
    parseWebhook: (request) => {
      let body: { provider?: string; linkId?: string; secret?: string };
      try {
        body = JSON.parse(String(request.rawBody)) as typeof body;
      } catch {
        return E.left(
          webhookVerificationError({ provider: id, reason: 'malformed_body', message: 'not JSON' }),
        );
      }
      if (webhookSecret !== undefined && body.secret !== webhookSecret) {
        return E.left(
          webhookVerificationError({ provider: id, reason: 'signature_mismatch', message: 'bad signature' }),
        );
      }
      if (body.linkId === undefined)
        return E.left(
          webhookVerificationError({ provider: id, reason: 'malformed_body', message: 'no linkId' }),
        );
      return E.right({
        provider: id,
        type: 'link.paid' as const,
        rawType: 'paid',
        linkId: body.linkId,
        verified: webhookSecret !== undefined,
        raw: body,
      });
    },
  };
}

/** How many links the providers hold for a reference, all together. */
export function linksFor(reference: string, ...providers: ReadonlyArray<ScriptedProvider>): number {
  return providers.reduce((n, p) => n + (p.links.get(reference)?.length ?? 0), 0);
}
