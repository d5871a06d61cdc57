import { createRedactor, type Redactor } from '@paylinks/core/adapter';

/**
 * Secrets at least this long are redacted wherever they appear, inside
 * other text too. A shorter one is redacted only where it stands whole (see
 * {@link createCliRedactor}): a database password `config` must not turn
 * `paylinks.config.json` into `paylinks.[redacted].json`.
 */
export const substringSecretLength = 8;

// A short secret stands whole when no character that could continue a word, a file name or a path
// touches it: `user:config@host`, `password=config`, `"config"` and `config.` at the end of a
// sentence are redacted; `paylinks.config.json`, `/etc/config/`, `configure` are not.
const continues = String.raw`[\p{L}\p{N}_\-/\\%+~.]`;
const continuesAfter = String.raw`[\p{L}\p{N}_\-/\\%+~]|\.[^\s]`;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The forms of a short secret (as is, JSON-escaped, URL-encoded), each matched as a whole token. */
function tokenPattern(secret: string): RegExp {
  const json = JSON.stringify(secret).slice(1, -1);
  const forms = [...new Set([secret, json, encodeURIComponent(secret)])].sort((a, b) => b.length - a.length);
  return new RegExp(`(?<!${continues})(?:${forms.map(escapeRegExp).join('|')})(?!${continuesAfter})`, 'gu');
}

/**
 * The CLI's redactor: every secret of 8 characters or more is replaced in
 * every form core's `secretForms` lists, wherever it occurs; a shorter one
 * (a database password `config`, an API key `abc`) only where it stands as a
 * whole value: between `:` and `@` in a URL, after `=`, inside quotes,
 * between spaces. Secrets are taken longest first, so a connection string
 * is replaced whole before its password is looked for.
 */
export function createCliRedactor(secrets: () => ReadonlyArray<string | undefined>): Redactor {
  return (text) => {
    const all = [...new Set(secrets())]
      .filter((s): s is string => s !== undefined && s !== '')
      .sort((a, b) => b.length - a.length);
    const long = all.filter((s) => s.length >= substringSecretLength);
    let out = long.length > 0 ? createRedactor(() => long)(text) : text;
    // Core leaves out the forms shorter than 4 characters; a long secret has none.
    for (const secret of all) {
      if (secret.length >= substringSecretLength) continue;
      out = out.replace(tokenPattern(secret), '[redacted]');
    }
    return out;
  };
}
