import { randomBytes } from 'node:crypto';

/** Live access tokens the simulator keeps at most; past it the oldest stops working (its holder renews it). */
export const maxLiveTokens = 1_000;

/**
 * Access tokens issued by `POST /auth`, each with its expiry. Expired tokens
 * are forgotten when a new one is issued, and at most {@link maxLiveTokens}
 * are kept, so a client that logs in on every call cannot grow the simulator.
 */
export class SimTokens {
  private readonly expiries = new Map<string, number>();
  private issuedCount = 0;

  constructor(
    private readonly lifetimeMs: number,
    private readonly now: () => number,
  ) {}

  /** A new token, valid for the lifetime from now. */
  issue(): string {
    const now = this.now();
    for (const [token, expiresAt] of this.expiries) {
      if (expiresAt > now && this.expiries.size < maxLiveTokens) break;
      this.expiries.delete(token);
    }
    const token = `sim_at_${randomBytes(16).toString('hex')}`;
    this.expiries.set(token, now + this.lifetimeMs);
    this.issuedCount += 1;
    return token;
  }

  /** Why `token` is refused (`missing`, `expired`), or `undefined` when it is valid. */
  check(token: string | undefined): 'missing' | 'expired' | undefined {
    const expiresAt = token === undefined ? undefined : this.expiries.get(token);
    if (expiresAt === undefined) return 'missing';
    return this.now() >= expiresAt ? 'expired' : undefined;
  }

  /** Tokens issued so far. */
  get issued(): number {
    return this.issuedCount;
  }

  /** Tokens held now. */
  get size(): number {
    return this.expiries.size;
  }

  /** Invalidates every token. */
  revokeAll(): void {
    this.expiries.clear();
  }
}
