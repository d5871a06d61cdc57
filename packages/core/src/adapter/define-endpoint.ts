// An adapter's endpoints, declared once: method, path template and codec go in; each call's path
// (ids checked and encoded), template, resource id and per-call options come out.
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import type * as t from 'io-ts';

import { checkId } from '../provider/check-call.js';
import { loneSurrogate } from '../model/codecs.js';
import { type PaymentLinkError, validationError, type ValidationError } from '../model/errors.js';
import { perCallOptions, type HttpClient, type HttpRequest, type HttpResponse } from '../http/http-client.js';

/**
 * The parameter names of a path template: `'/customers/{customerId}/links/{id}'`
 * gives `'customerId' | 'id'`; a template without `{...}` gives `never`.
 */
export type PathParamName<Path extends string> = Path extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PathParamName<Rest>
  : never;

/** One value per parameter of a path template (`{ id: string }` for `/payment-links/{id}`). */
export type PathParams<Path extends string> = { readonly [Name in PathParamName<Path>]: string };

/** What a call passes beyond its ids: the body, the query, an idempotency key, extra headers. */
export type EndpointCallParts = Pick<HttpRequest<unknown>, 'body' | 'query' | 'headers' | 'idempotencyKey'>;

/** A call's options as an operation receives them (`timeoutMs`, `signal`, and the client's observer). */
export type EndpointCallOptions = Parameters<typeof perCallOptions>[0];

/** The declaration of one endpoint; see {@link defineEndpoint}. */
export interface EndpointSpec<A, Path extends string> {
  /** Provider id, named by the errors of a refused id. */
  readonly provider: string;
  /** Operation name, for errors, events and spans (`get`, `cancel`). */
  readonly operation: string;
  readonly method: HttpRequest<A>['method'];
  /**
   * Path below the base URL with its ids as `{name}` placeholders
   * (`/payment-links/{id}/cancel`); events and spans show it as written.
   */
  readonly path: Path;
  /** Codec of a successful body; omit for answers without one (204). */
  readonly codec?: t.Type<A, unknown, unknown>;
  /**
   * The field a refused id is reported as, per parameter, when it is not the
   * parameter's name (`{ id: 'orderId' }`).
   */
  readonly fields?: { readonly [Name in PathParamName<Path>]?: string };
  /**
   * The parameter that names the resource (`NotFoundError.resourceId`):
   * by default the template's last one; `false` for none.
   */
  readonly resourceId?: PathParamName<Path> | false;
  /** Marks a POST without side effects as safe to retry without an idempotency key. */
  readonly retryable?: boolean;
}

/** A declared endpoint: builds and sends the request of one call. */
export interface Endpoint<A, Path extends string> {
  readonly operation: string;
  readonly method: HttpRequest<A>['method'];
  /** The path template, as declared. */
  readonly pathTemplate: Path;
  /**
   * The request of one call, or the `ValidationError` of the first id
   * `checkId` refuses. Ids are percent-encoded into the path.
   */
  build(
    params: PathParams<Path>,
    options?: EndpointCallOptions,
    parts?: EndpointCallParts,
  ): E.Either<ValidationError, HttpRequest<A>>;
  /**
   * Builds the request and sends it through `http`. A refused id is a
   * `TaskEither` left made before anything is sent.
   */
  send(
    http: Pick<HttpClient, 'request'>,
    params: PathParams<Path>,
    options?: EndpointCallOptions,
    parts?: EndpointCallParts,
  ): TE.TaskEither<PaymentLinkError, HttpResponse<A>>;
}

const placeholder = /\{([^{}]*)\}/g;

/** The template's parameter names in order; a malformed template is a programming error. */
function templateNames(path: string): string[] {
  const names = [...path.matchAll(placeholder)].map((m) => m[1] ?? '');
  const rest = path.replace(placeholder, '');
  const problem = !path.startsWith('/')
    ? 'must start with "/"'
    : rest.includes('{') || rest.includes('}')
      ? 'has an unbalanced "{" or "}"'
      : names.some((name) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
        ? 'has a placeholder that is not a plain name'
        : new Set(names).size !== names.length
          ? 'names a placeholder twice'
          : undefined;
  if (problem !== undefined) throw new Error(`defineEndpoint: path template ${path} ${problem}`);
  return names;
}

/** `checkId`, and an id a URL can carry: a lone surrogate is refused rather than thrown on. */
function pathId(
  id: unknown,
  field: string,
  provider: string,
  operation: string,
): E.Either<ValidationError, string> {
  const checked = checkId(id, field, provider, operation);
  if (E.isRight(checked) && loneSurrogate.test(checked.right)) {
    return E.left(
      validationError({
        provider,
        operation,
        field,
        message: `${operation}: ${field} must be well-formed Unicode (it holds half of a surrogate pair)`,
      }),
    );
  }
  return checked;
}

/**
 * Declares one endpoint of a provider's API, so an operation is a few lines:
 * the kit checks each id with `checkId` (before any request), percent-encodes
 * it into the path (an id with a lone surrogate, which no URL can carry, is
 * refused too), and sets the path template, the resource id and the
 * call's `timeoutMs`, `signal` and observer. A parameter absent from the ids
 * object is a programming error and throws; an id that is present but
 * unusable (`undefined`, blank, `..`) is a `ValidationError` naming its field.
 *
 * @example
 * const getLink = defineEndpoint({
 *   provider: 'costplus', operation: 'get', method: 'GET',
 *   path: '/paymentlinks/{id}/', codec: CostplusLink,
 * })
 * // GET /paymentlinks/pl%2F1/, pathTemplate /paymentlinks/{id}/, resourceId pl/1
 * const answer = getLink.send(http, { id: 'pl/1' }, options)
 */
export function defineEndpoint<A = undefined, const Path extends string = string>(
  spec: EndpointSpec<A, Path>,
): Endpoint<A, Path> {
  const names = templateNames(spec.path);
  const resourceName = spec.resourceId === false ? undefined : (spec.resourceId ?? names[names.length - 1]);
  const fieldOf = (name: string): string =>
    (spec.fields as Readonly<Record<string, string | undefined>> | undefined)?.[name] ?? name;

  const build: Endpoint<A, Path>['build'] = (params, options, parts) => {
    const ids = params as Readonly<Record<string, unknown>>;
    let path = spec.path as string;
    let resourceId: string | undefined;
    for (const name of names) {
      if (!Object.prototype.hasOwnProperty.call(ids, name)) {
        throw new Error(`${spec.operation}: no value for {${name}} of ${spec.path} (a bug in the adapter)`);
      }
      const id = pathId(ids[name], fieldOf(name), spec.provider, spec.operation);
      if (E.isLeft(id)) return id;
      if (name === resourceName) resourceId = id.right;
      const encoded = encodeURIComponent(id.right);
      path = path.replace(`{${name}}`, () => encoded);
    }
    return E.right({
      operation: spec.operation,
      method: spec.method,
      path,
      pathTemplate: spec.path,
      ...(spec.codec !== undefined ? { codec: spec.codec } : {}),
      ...parts,
      ...(resourceId !== undefined ? { resourceId } : {}),
      ...(spec.retryable === true ? { retryable: true } : {}),
      ...perCallOptions(options),
    });
  };

  return {
    operation: spec.operation,
    method: spec.method,
    pathTemplate: spec.path,
    build,
    send: (http, params, options, parts) => {
      const request = build(params, options, parts);
      return E.isLeft(request) ? async () => request : http.request(request.right);
    },
  };
}
