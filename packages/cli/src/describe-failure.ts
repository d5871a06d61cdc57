import { describeError, type PaymentLinkError, type ValidationIssue } from '@paylinks/core';

/** Input field paths (`amount.amount`, `providerOptions.conomy.checkoutToken`) to the flags that set them. */
export type FieldFlags = Readonly<Record<string, string>>;

/** How `create`'s input fields map to its flags. */
export const createFieldFlags: FieldFlags = {
  reference: '--reference',
  amount: '--amount',
  'amount.amount': '--amount',
  'amount.currency': '--currency',
  currency: '--currency',
  description: '--description',
  expiresIn: '--expires-in',
  expiresAt: '--expires-at',
  expiry: '--expires-in',
  successUrl: '--success-url',
  failureUrl: '--failure-url',
  cancelUrl: '--cancel-url',
  webhookUrl: '--webhook-url',
  customer: '--customer-email',
  'customer.email': '--customer-email',
  'providerOptions.conomy.checkoutToken': '--checkout-token',
  'providerOptions.conomy.activate': '--draft',
};

/** How `list`'s query fields map to its flags. */
export const listFieldFlags: FieldFlags = {
  status: '--status',
  customerEmail: '--customer-email',
  limit: '--limit',
};

/** How `cancel`'s fields map to its flags. */
export const cancelFieldFlags: FieldFlags = { reason: '--reason' };

/** The flag that sets a field: an exact entry, else the entry of its nearest parent path. */
export function flagForField(field: string, flags: FieldFlags): string | undefined {
  for (let path = field; path !== ''; path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '') {
    const flag = flags[path];
    if (flag !== undefined) return flag;
  }
  return undefined;
}

/** One problem with a field, led by the flag that set it: `--amount must be ... (amount.amount)`. */
function describeIssue(issue: ValidationIssue, flags: FieldFlags): string {
  const flag = flagForField(issue.field, flags);
  if (flag === undefined) return `invalid ${issue.field || 'input'}: ${issue.message}`;
  const rest = issue.message.startsWith(issue.field)
    ? issue.message.slice(issue.field.length)
    : `: ${issue.message}`;
  return `${flag}${rest}${issue.field !== flag.slice(2) ? ` (${issue.field})` : ''}`;
}

/**
 * The message for a failed operation. A `ValidationError` names the flag that
 * set each field (`--amount must be greater than zero`), one problem per line
 * when there are several (each led by its provider when they differ); an
 * `UnsupportedError` says the provider lacks the operation; the rest use
 * core's `[provider] Tag: message (HTTP 404, code x, request r)` with a hint
 * where one helps.
 */
export function describeFailure(error: PaymentLinkError, flags: FieldFlags = {}): string {
  const prefix = error.provider !== undefined ? `[${error.provider}] ` : '';
  switch (error._tag) {
    case 'ValidationError': {
      const issues = error.issues ?? [];
      const only = issues.length <= 1 ? (issues[0] ?? error) : undefined;
      if (only !== undefined) {
        const provider = error.provider ?? only.provider;
        return `${provider !== undefined ? `[${provider}] ` : ''}${describeIssue(only, flags)}`;
      }
      // One line per distinct problem, led by every provider that has it when they are not the error's own.
      const grouped = new Map<string, { providers: string[]; issue: ValidationIssue }>();
      for (const issue of issues) {
        const key = `${issue.field}\u0000${issue.message}`;
        const entry = grouped.get(key) ?? { providers: [], issue };
        if (issue.provider !== undefined && issue.provider !== error.provider)
          entry.providers.push(issue.provider);
        grouped.set(key, entry);
      }
      const lines = [...grouped.values()].map(
        ({ providers, issue }) =>
          `  ${providers.length > 0 ? `[${providers.join(', ')}] ` : ''}${describeIssue(issue, flags)}`,
      );
      return `${prefix}${lines.length} problem${lines.length === 1 ? '' : 's'}:\n${lines.join('\n')}`;
    }
    case 'UnsupportedError':
      return `${prefix}not supported: ${error.message}`;
    case 'RateLimitError':
      return `${describeError(error)}${
        error.retryAfterMs !== undefined ? `; retry in ${Math.ceil(error.retryAfterMs / 1000)} s` : ''
      }`;
    case 'NetworkError':
      return `${describeError(error)}${
        error.ambiguous
          ? '; the request may have reached the provider (the link may exist): check before retrying'
          : ''
      }`;
    default:
      return describeError(error);
  }
}

/**
 * A failure as `--json` prints it on stderr: `{ error: { _tag, provider,
 * field, message, ... } }`, the error value itself, with the flag that set
 * each field where there is one.
 */
export function failureJson(error: PaymentLinkError, flags: FieldFlags = {}): { readonly error: unknown } {
  if (error._tag !== 'ValidationError') return { error };
  const flag = flagForField(error.field, flags);
  return {
    error: {
      ...error,
      ...(flag !== undefined ? { flag } : {}),
      ...(error.issues !== undefined
        ? {
            issues: error.issues.map((i) => {
              const issueFlag = flagForField(i.field, flags);
              return { ...i, ...(issueFlag !== undefined ? { flag: issueFlag } : {}) };
            }),
          }
        : {}),
    },
  };
}
