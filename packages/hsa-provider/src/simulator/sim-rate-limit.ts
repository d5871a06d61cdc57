const MINUTE_MS = 60_000;

/** What a request's key has left this minute, and how long to wait when nothing is left. */
export interface RateLimitVerdict {
  readonly headers: Record<string, string>;
  readonly retryAfterSeconds?: number;
}

/**
 * The documented per-key limit (100 a minute on test keys, 1,000 on live
 * ones) in fixed one-minute windows, with `X-RateLimit-*` headers. Only
 * valid keys get here, so the windows are as many as the keys.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly perMinute: number | undefined,
    private readonly now: () => number,
  ) {}

  take(key: string): RateLimitVerdict {
    const limit = this.perMinute ?? (key.startsWith('glm_test_') ? 100 : 1000);
    const now = this.now();
    let window = this.windows.get(key);
    if (window === undefined || now - window.start >= MINUTE_MS) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    const headers = {
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Remaining': String(Math.max(0, limit - window.count)),
      'X-RateLimit-Reset': String(Math.ceil((window.start + MINUTE_MS) / 1000)),
    };
    if (window.count <= limit) return { headers };
    return { headers, retryAfterSeconds: Math.max(1, Math.ceil((window.start + MINUTE_MS - now) / 1000)) };
  }
}
