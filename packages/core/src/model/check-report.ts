// CheckReport: a check's answer without fp-ts ({ ok: true, input } or { ok: false, issues, error }).
import * as E from 'fp-ts/lib/Either.js';

import type { ValidationError, ValidationIssue } from './errors.js';

/**
 * What a check of the application API answers: plain data, never an fp-ts
 * value. `ok: true` with the input as given, or `ok: false` with every
 * problem (`issues`, each naming its `field` and, from `checkCreate`, the
 * `provider`) and the `ValidationError` they make up, to throw as a
 * `PaymentLinkException` or to log with `describeError`.
 *
 * Checks answer a report because finding problems is their job; operations
 * (`create`, `get`, `createPaymentLinks`...) throw `PaymentLinkException`.
 *
 * @example
 * const report = checkCreate(form, [links])
 * if (!report.ok) for (const i of report.issues) show(i.provider, i.field, i.message)
 */
export type CheckReport<A> = CheckPassed<A> | CheckFailed;

/** A check that found nothing wrong; see {@link CheckReport}. */
export interface CheckPassed<A> {
  /** Nothing is wrong. */
  readonly ok: true;
  /** The input that was checked, as given. */
  readonly input: A;
}

/** A check that found problems; see {@link CheckReport}. */
export interface CheckFailed {
  /** Something is wrong. */
  readonly ok: false;
  /** Every problem, in the order found; never empty. */
  readonly issues: ReadonlyArray<ValidationIssue>;
  /** The same problems as one error (`field` is the first issue's, `message` names them all). */
  readonly error: ValidationError;
}

/** The report of an Either-valued check (fp-ts stays inside core). */
export function reportOf<A>(checked: E.Either<ValidationError, unknown>, input: A): CheckReport<A> {
  if (E.isRight(checked)) return { ok: true, input };
  const error = checked.left;
  const issues: ReadonlyArray<ValidationIssue> = error.issues ?? [
    {
      ...(error.provider !== undefined ? { provider: error.provider } : {}),
      field: error.field,
      message: error.message,
    },
  ];
  return { ok: false, issues, error };
}
