import type { PaymentLinkError } from './errors.js';

/** Replaces every known secret in a string with `[redacted]`. */
export type Redactor = (text: string) => string;

/**
 * Builds a {@link Redactor} for the given secrets. Each secret is also
 * matched in the forms that travel in headers: base64 of `secret:` (HTTP
 * Basic with an empty password) and base64 of the secret itself. Secrets
 * shorter than 4 characters are ignored (they would redact ordinary text).
 */
export function createRedactor(secrets: () => ReadonlyArray<string | undefined>): Redactor {
  return (text) => {
    let out = text;
    for (const secret of secrets()) {
      if (secret === undefined || secret.length < 4) continue;
      for (const form of [
        secret,
        Buffer.from(`${secret}:`).toString('base64'),
        Buffer.from(secret).toString('base64'),
      ]) {
        if (out.includes(form)) out = out.split(form).join('[redacted]');
      }
    }
    return out;
  };
}

/** Applies a redactor to every string (and list of strings) an error carries. */
export function redactError<E extends PaymentLinkError>(error: E, redact: Redactor): E {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (typeof value === 'string') out[key] = redact(value);
    else if (Array.isArray(value)) {
      out[key] = value.map((v: unknown) =>
        typeof v === 'string'
          ? redact(v)
          : typeof v === 'object' && v !== null
            ? Object.fromEntries(
                Object.entries(v).map(([k, x]) => [k, typeof x === 'string' ? redact(x) : x]),
              )
            : v,
      );
    } else out[key] = value;
  }
  return out as E;
}
