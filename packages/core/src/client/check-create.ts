// checkCreate / checkCreateFor: which providers accept a create input, every problem before any request.
import * as E from 'fp-ts/lib/Either.js';

import { reportOf, type CheckReport } from '../model/check-report.js';
import { validationError, type ValidationError, type ValidationIssue } from '../model/errors.js';
import type { CreatePaymentLinkInput } from '../model/model.js';
import type { Capabilities, PaymentLinkProvider } from '../provider/provider.js';
import { issuesOf, validateCreateInput, type ValidCreateInput } from '../model/validate-input.js';

/** Options of {@link checkCreate}. */
export interface CheckCreateOptions {
  /** The instant expiries are checked against (default: now). */
  readonly now?: Date;
}

/** What the create checks need of a provider. */
export type CreateChecker = Pick<PaymentLinkProvider, 'id' | 'capabilities' | 'checkCreateInput'>;

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u) && !(u instanceof Date);

/** The segments of each dotted path asked about (paths are few and fixed per provider). */
const segmentsOf = new Map<string, ReadonlyArray<string>>();

function segments(path: string): ReadonlyArray<string> {
  let out = segmentsOf.get(path);
  if (out === undefined) {
    out = path.split('.');
    segmentsOf.set(path, out);
  }
  return out;
}

const joinPath = (at: string, key: string): string => (at === '' ? key : `${at}.${key}`);

/**
 * Calls `found` with every location of a dotted path whose parent exists: `*`
 * stands for each element of a list, and a missing parent yields nothing (so
 * `lineItems.*.id` asks nothing of an input without line items). A walk with
 * a callback rather than lists of locations: it runs for every path of every
 * create, and most paths lead nowhere.
 */
function locate(
  node: unknown,
  path: ReadonlyArray<string>,
  depth: number,
  at: string,
  found: (path: string, value: unknown) => void,
): void {
  const segment = path[depth] as string;
  const last = depth === path.length - 1;
  if (segment === '*') {
    if (!Array.isArray(node)) return;
    for (let i = 0; i < node.length; i++) {
      const child: unknown = node[i];
      if (last) found(joinPath(at, String(i)), child);
      else locate(child, path, depth + 1, joinPath(at, String(i)), found);
    }
  } else if (isRecord(node)) {
    const child = node[segment];
    if (last) found(joinPath(at, segment), child);
    else if (child !== undefined) locate(child, path, depth + 1, joinPath(at, segment), found);
  }
}

const missing = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

const given = (value: unknown): boolean =>
  value !== undefined &&
  !(Array.isArray(value) && value.length === 0) &&
  !(isRecord(value) && Object.keys(value).length === 0);

/**
 * The paths a provider refuses: its `refuses`, plus what its feature flags
 * leave out (so a provider that only sets `lineItems: false` is still checked).
 */
export function refusedFields(capabilities: Capabilities): ReadonlyArray<string> {
  const out = new Set(capabilities.refuses);
  if (!capabilities.lineItems) out.add('lineItems');
  if (!capabilities.subscriptions) out.add('subscription');
  if (!capabilities.metadata) out.add('metadata');
  if (!capabilities.webhookUrlPerLink) out.add('webhookUrl');
  return [...out];
}

function withNote(message: string, capabilities: Capabilities, path: string): string {
  const note = capabilities.fieldNotes?.[path];
  return note !== undefined ? `${message} (${note})` : message;
}

/** The problems `requires` and `refuses` find in an input, whatever else is wrong with it. */
function fieldIssues(capabilities: Capabilities, input: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!isRecord(input)) return issues;
  for (const path of capabilities.requires) {
    locate(input, segments(path), 0, '', (at, value) => {
      if (missing(value))
        issues.push({ field: at, message: withNote(`${at} is required`, capabilities, path) });
    });
  }
  for (const path of refusedFields(capabilities)) {
    locate(input, segments(path), 0, '', (at, value) => {
      if (given(value))
        issues.push({ field: at, message: withNote(`${at} is not supported`, capabilities, path) });
    });
  }
  return issues;
}

function expiryIssues(capabilities: Capabilities, input: ValidCreateInput): ValidationIssue[] {
  const expiry = input.expiry;
  if (expiry === undefined || expiry.source === 'default') return [];
  const field = expiry.source;
  const { minExpirySeconds: min, maxExpirySeconds: max } = capabilities;
  if (min !== undefined && expiry.seconds < min) {
    return [{ field, message: `${field} must be at least ${min} seconds away, got ${expiry.seconds}` }];
  }
  if (max !== undefined && expiry.seconds > max) {
    return [{ field, message: `${field} must be at most ${max} seconds away, got ${expiry.seconds}` }];
  }
  return [];
}

function dedupe(issues: ReadonlyArray<ValidationIssue>): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.provider ?? ''}\u0000${i.field}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Every problem one provider has with an input, and the checked input when there is none. */
function inspect(
  provider: CreateChecker,
  input: unknown,
  now: Date,
): { readonly issues: ReadonlyArray<ValidationIssue>; readonly valid?: ValidCreateInput } {
  const capabilities = provider.capabilities;
  const valid = validateCreateInput(input, {
    now,
    ...(capabilities.defaultExpiry !== undefined ? { defaultExpiry: capabilities.defaultExpiry } : {}),
  });
  const issues = fieldIssues(capabilities, input);
  if (E.isLeft(valid)) issues.unshift(...issuesOf(valid.left));
  if (E.isRight(valid)) {
    issues.push(...expiryIssues(capabilities, valid.right));
    // The provider's own checks need core's checked input; they run whatever the data checks found.
    issues.push(...(provider.checkCreateInput?.(valid.right) ?? []));
  }
  if (issues.length === 0 && E.isRight(valid)) return { issues, valid: valid.right };
  const stamped = dedupe(issues.map(({ field, message }) => ({ provider: provider.id, field, message })));
  return stamped.length === 0 && E.isRight(valid) ? { issues: [], valid: valid.right } : { issues: stamped };
}

/** `[a, b] message` per distinct problem, so one problem of every provider reads once. */
function describeIssues(issues: ReadonlyArray<ValidationIssue>): string {
  const grouped = new Map<string, { providers: string[]; message: string }>();
  for (const issue of issues) {
    const key = `${issue.field}\u0000${issue.message}`;
    const entry = grouped.get(key) ?? { providers: [], message: issue.message };
    if (issue.provider !== undefined && !entry.providers.includes(issue.provider))
      entry.providers.push(issue.provider);
    grouped.set(key, entry);
  }
  const parts = [...grouped.values()].map(
    (g) => `${g.providers.length > 0 ? `[${g.providers.join(', ')}] ` : ''}${g.message}`,
  );
  return parts.length === 1 ? (parts[0] as string) : `${parts.length} problems: ${parts.join('; ')}`;
}

function errorOf(issues: ReadonlyArray<ValidationIssue>, provider: string | undefined): ValidationError {
  const first = issues[0] as ValidationIssue;
  return validationError({
    ...(provider !== undefined ? { provider } : {}),
    operation: 'create',
    field: first.field,
    // One provider: its id is the error's `provider` (the exception's `[id]` prefix), not repeated per issue.
    message:
      provider !== undefined
        ? issues.length === 1
          ? first.message
          : `${issues.length} problems: ${issues.map((i) => i.message).join('; ')}`
        : describeIssues(issues),
    issues,
  });
}

/**
 * What an adapter's `create` runs first: core's checks, the provider's
 * `requires`, `refuses` and expiry limits, then its own `checkCreateInput`.
 * Every problem is in the one `ValidationError` (each issue names the
 * provider and the field); on success, the checked input to send.
 */
export function validateCreateFor(
  provider: CreateChecker,
  input: unknown,
  now: Date,
): E.Either<ValidationError, ValidCreateInput> {
  const result = inspect(provider, input, now);
  return result.valid !== undefined ? E.right(result.valid) : E.left(errorOf(result.issues, provider.id));
}

/**
 * Checks one create input against one provider without sending anything:
 * the same checks its `create` runs first. See {@link checkCreate}.
 */
export function checkCreateFor(
  input: unknown,
  provider: CreateChecker,
  options: CheckCreateOptions = {},
): E.Either<ValidationError, CreatePaymentLinkInput> {
  const result = inspect(provider, input, options.now ?? new Date());
  return result.valid !== undefined
    ? E.right(input as CreatePaymentLinkInput)
    : E.left(errorOf(result.issues, provider.id));
}

/**
 * The Either form of {@link checkCreate}, for fp-ts code: every problem of
 * every provider in one `ValidationError`, or the input.
 */
export function checkCreateEither(
  input: unknown,
  providers: ReadonlyArray<CreateChecker>,
  options: CheckCreateOptions = {},
): E.Either<ValidationError, CreatePaymentLinkInput> {
  if (providers.length === 1) return checkCreateFor(input, providers[0] as CreateChecker, options);
  const now = options.now ?? new Date();
  const issues = providers.flatMap((p) => inspect(p, input, now).issues);
  if (providers.length === 0) {
    // No provider to ask: core's own rules still hold.
    const valid = validateCreateInput(input, { now });
    return E.isLeft(valid)
      ? E.left({ ...valid.left, operation: 'create' })
      : E.right(input as CreatePaymentLinkInput);
  }
  return issues.length === 0 ? E.right(input as CreatePaymentLinkInput) : E.left(errorOf(issues, undefined));
}

/** A provider, or a client over one (`createPaymentLinks(...)`): what {@link checkCreate} checks against. */
export type CheckTarget = CreateChecker | { readonly provider: CreateChecker };

/** A client's provider, or the provider itself (a provider has no `provider` key). */
function checkerOf(target: CheckTarget): CreateChecker {
  const inner = (target as { readonly provider?: unknown }).provider;
  return typeof inner === 'object' && inner !== null ? (inner as CreateChecker) : (target as CreateChecker);
}

/**
 * Checks one create input against every provider a platform routes to, before
 * any request: core's rules, each provider's `requires` / `refuses` / limits
 * and its own checks. Takes providers or clients (`[links]`). Answers a plain
 * {@link CheckReport}: `{ ok: true, input }`, or `{ ok: false, issues, error }`
 * where each issue names the `provider` and the `field` (a problem of the
 * input itself, such as a bad currency, is listed once per provider).
 * `create` runs the same checks, so an input that passes here is not refused
 * by any of these providers before sending.
 *
 * @example
 * const report = checkCreate(form, [costplusLinks, conomyLinks, hsaLinks])
 * if (!report.ok) for (const i of report.issues) show(i.provider, i.field, i.message)
 */
export function checkCreate<I>(
  input: I,
  providers: ReadonlyArray<CheckTarget>,
  options: CheckCreateOptions = {},
): CheckReport<I & CreatePaymentLinkInput> {
  return reportOf(
    checkCreateEither(input, providers.map(checkerOf), options),
    input as I & CreatePaymentLinkInput,
  );
}
