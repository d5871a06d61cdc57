// A simulator's idempotency keys: the same key and body answer the first answer again.
import { createHash } from 'node:crypto';

import type { SimRequest, SimResponse } from './sim-messages.js';

/** Options of {@link IdempotencyStore}. */
export interface IdempotencyStoreOptions {
  /** How long a key is remembered (HSA: 24 h). */
  readonly ttlMs: number;
  /** The simulator's clock, in ms. */
  readonly now: () => number;
  /** Keys remembered at most (default 10,000); past it the oldest is forgotten first. */
  readonly capacity?: number;
  /** Request header carrying the key (default `idempotency-key`). */
  readonly header?: string;
  /** Header added to a replayed answer (default `Idempotent-Replayed: true`); `null` adds none. */
  readonly replayHeader?: readonly [string, string] | null;
}

interface Stored {
  readonly fingerprint: string;
  readonly response: SimResponse;
  readonly at: number;
}

/**
 * Idempotency keys as providers document them: a POST carrying a key the
 * store has seen answers the first answer again; the same key with another
 * request is a conflict. Answers that depend on the moment (5xx) are not
 * remembered. Bounded: expired keys go first, and past `capacity` the
 * oldest, so a long-running simulator does not grow without end.
 */
export class IdempotencyStore {
  private readonly entries = new Map<string, Stored>();
  private replayed = 0;

  constructor(private readonly options: IdempotencyStoreOptions) {}

  /** Answers replayed so far. */
  replays(): number {
    return this.replayed;
  }

  /** Keys remembered now. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Answers `request`: without a key (or not a POST), `handle()`; with a
   * known key and the same request, the stored answer; with a known key and
   * another request, `conflict()`; otherwise `handle()`, remembered.
   * `scope` keeps callers apart (one key space per API key).
   */
  answer(
    request: SimRequest,
    scope: string,
    handle: () => SimResponse,
    conflict: () => SimResponse,
  ): SimResponse {
    const header = request.headers[this.options.header ?? 'idempotency-key'];
    const key = Array.isArray(header) ? header[0] : header;
    if (request.method !== 'POST' || key === undefined || key === '') return handle();
    const now = this.options.now();
    this.evict(now);
    const storeKey = `${scope}\u0000${key}`;
    const fingerprint = createHash('sha256')
      .update(`${request.method} ${request.path}\u0000`)
      .update(request.rawBody)
      .digest('hex');
    const stored = this.entries.get(storeKey);
    if (stored !== undefined && now - stored.at < this.options.ttlMs) {
      if (stored.fingerprint !== fingerprint) return conflict();
      this.replayed += 1;
      return this.replay(stored.response);
    }
    const response = handle();
    if (response.status < 500) {
      this.entries.delete(storeKey); // a new entry goes last, where the eviction order expects it
      this.entries.set(storeKey, { fingerprint, response, at: now });
    }
    return response;
  }

  private replay(response: SimResponse): SimResponse {
    const extra =
      this.options.replayHeader === undefined ? ['Idempotent-Replayed', 'true'] : this.options.replayHeader;
    return extra === null
      ? response
      : { ...response, headers: { ...response.headers, [extra[0]]: extra[1] } };
  }

  /** Forgets expired keys and, past capacity, the oldest (a Map iterates in insertion order). */
  private evict(now: number): void {
    const capacity = this.options.capacity ?? 10_000;
    for (const [key, entry] of this.entries) {
      if (now - entry.at < this.options.ttlMs && this.entries.size < capacity) break;
      this.entries.delete(key);
    }
  }
}
