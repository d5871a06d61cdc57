// Secrets kept out of errors and messages: createRedactor, redactError.
import type { PaymentLinkError } from '../model/errors.js';

/** Replaces every known secret in a string with `[redacted]`. */
export type Redactor = (text: string) => string;

/**
 * Every form a secret can take inside a message: as is, JSON-escaped (once
 * and twice, as when an error holding it is stringified inside another),
 * URL-encoded (upper- and lower-case hex, `+` for spaces), and the base64
 * forms that travel in headers (HTTP Basic `secret:` and the secret itself,
 * standard and URL-safe).
 */
export function secretForms(secret: string): ReadonlyArray<string> {
  const json = JSON.stringify(secret).slice(1, -1);
  const json2 = JSON.stringify(json).slice(1, -1);
  const url = encodeURIComponent(secret);
  const forms = new Set([
    secret,
    json,
    json2,
    url,
    url.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    url.replace(/%20/g, '+'),
    encodeURI(secret),
    Buffer.from(`${secret}:`).toString('base64'),
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('base64url'),
  ]);
  // Longest first, so a form that contains another is replaced whole.
  return [...forms].filter((f) => f.length >= 4).sort((a, b) => b.length - a.length);
}

/**
 * Builds a {@link Redactor} for the given secrets: each is replaced in
 * every form {@link secretForms} lists. Secrets shorter than 4 characters
 * are ignored (they would redact ordinary text).
 */
export function createRedactor(secrets: () => ReadonlyArray<string | undefined>): Redactor {
  return (text) => {
    let out = text;
    for (const secret of secrets()) {
      if (secret === undefined || secret.length < 4) continue;
      for (const form of secretForms(secret)) {
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
