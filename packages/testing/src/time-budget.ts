/**
 * A test's time limit (ms), from the work it does: `cases` units of work at
 * `perCaseMs` each, plus `fixedMs` for starting servers and the like.
 *
 * `perCaseMs` is set well above the slowest time per case seen on a busy
 * 2-core machine (each use says what it measured), so the limit grows with
 * the work instead of being a guess that a loaded machine overruns: the
 * reliability suite once failed with `malformed-answers > conomy` at 24 s
 * against a fixed 20 s limit, for work that takes 2.5 s on an idle machine.
 *
 * @example
 * // 10,000 bodies, 2.4 ms each measured under load
 * it('decodes them all', { timeout: timeBudgetMs({ cases: 10_000, perCaseMs: 10 }) }, () => {})
 */
export function timeBudgetMs(work: {
  readonly cases: number;
  readonly perCaseMs: number;
  readonly fixedMs?: number;
}): number {
  return Math.ceil(work.cases * work.perCaseMs + (work.fixedMs ?? 5_000));
}
