// A simulator's request and answer, as its route handlers see them.
import type { IncomingHttpHeaders } from 'node:http';

/** A request as a simulator's handler sees it. */
export interface SimRequest {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: Buffer;
  /** The body parsed as JSON; `undefined` when empty or not JSON. */
  readonly json: unknown;
  /** The body parsed as a form (`application/x-www-form-urlencoded`). */
  readonly form: URLSearchParams;
}

/** A simulator's answer. Exactly one of `json`, `text`, `html` (or none, for 204). */
export interface SimResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly json?: unknown;
  readonly text?: string;
  readonly html?: string;
}
