// A webhook request as received: headers of any shape and the raw body of any byte type.
import { types } from 'node:util';

/**
 * Fetch `Headers`, or anything with its `get` and `forEach` (a `Map` of
 * lower-case names works too). Structural, so the DOM's and undici's
 * `Headers` both fit.
 */
export interface HeadersLike {
  get(name: string): string | null | undefined;
  forEach(callback: (value: string, name: string) => void): void;
}

/** Headers as a record: Node's `IncomingHttpHeaders` (arrays for repeated headers) or a plain object. */
export type HeaderRecord = Readonly<Record<string, string | ReadonlyArray<string> | undefined>>;

/**
 * Request headers as any framework hands them over: a Fetch `Headers`
 * (`request.headers` in Next.js route handlers, Hono, Bun, Deno), Node's
 * `IncomingHttpHeaders` (`req.headers` in node:http, Express, Fastify's
 * `request.raw.headers`) or a plain record. Names match case-insensitively;
 * of a repeated header given as an array, the first value counts.
 */
export type WebhookHeaders = HeadersLike | HeaderRecord;

/** A raw request body: a string, or bytes (`Buffer`, `Uint8Array`, `ArrayBuffer`). */
export type WebhookBody = string | Uint8Array | ArrayBuffer;

/** True for a Fetch `Headers` (or a `Map`): something to ask with `get`, not a record to index. */
function isHeadersLike(headers: unknown): headers is HeadersLike {
  return (
    typeof headers === 'object' &&
    headers !== null &&
    typeof (headers as HeadersLike).get === 'function' &&
    typeof (headers as HeadersLike).forEach === 'function'
  );
}

/**
 * Headers of any accepted form as one plain record: lower-case names, one
 * string each (the first of a repeated header given as an array). Anything
 * that is not headers reads as none, so a bad value fails verification as
 * a missing signature rather than a crash.
 */
export function normalizeHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof headers !== 'object' || headers === null) return out;
  if (isHeadersLike(headers)) {
    headers.forEach((value, name) => {
      if (typeof value === 'string' && typeof name === 'string') out[name.toLowerCase()] ??= value;
    });
    return out;
  }
  for (const [name, value] of Object.entries(headers)) {
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') out[name.toLowerCase()] ??= first;
  }
  return out;
}

/** Reads one header of any accepted form case-insensitively; the first value of a repeated header. */
export function readHeader(headers: unknown, name: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  if (isHeadersLike(headers)) {
    // A Map keyed by the name as written is asked both ways; Fetch Headers ignore case anyway.
    const value = headers.get(name.toLowerCase()) ?? headers.get(name);
    return typeof value === 'string' ? value : undefined;
  }
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    const first: unknown = Array.isArray(value) ? value[0] : value;
    return typeof first === 'string' ? first : undefined;
  }
  return undefined;
}

/** True for a body of an accepted form (string, `Buffer`, `Uint8Array`, `ArrayBuffer`). */
export function isWebhookBody(body: unknown): body is WebhookBody {
  // util.types rather than instanceof: bytes from another realm (a vm context, an edge runtime) pass too.
  return typeof body === 'string' || types.isUint8Array(body) || types.isArrayBuffer(body);
}

/** A body of any accepted form as a Buffer, without copying bytes that are already bytes. */
export function webhookBodyBuffer(body: WebhookBody): Buffer {
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (types.isArrayBuffer(body)) return Buffer.from(body);
  const bytes = body as Uint8Array;
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
