// Webhook secrets: one secret or a rotation list, as a setting.
import * as t from 'io-ts';

import { boundedString, describedAs } from '../model/codecs.js';

/**
 * A webhook secret, or several at once while one is rotated: during the
 * switch the provider signs with the old or the new one, and both verify.
 */
export type WebhookSecrets = string | ReadonlyArray<string>;

/** Most secrets a rotation keeps at once. */
export const maxWebhookSecrets = 5;

/**
 * What is wrong with a secret's characters, if anything: surrounding
 * whitespace (a trailing newline read from a file or an environment
 * variable) or a control character. Such a secret makes every genuine
 * signature fail, so it is refused at configuration instead.
 */
export function webhookSecretProblem(secret: string): string | undefined {
  if (/[\r\n]$/.test(secret)) return 'a trailing newline';
  if (/^\s/.test(secret)) return 'leading whitespace';
  if (/\s$/.test(secret)) return 'trailing whitespace';
  const control = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/u.exec(secret);
  if (control !== null) {
    const code = control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return `control character U+${code}`;
  }
  return undefined;
}

/**
 * `codec` that also refuses a secret {@link webhookSecretProblem} finds
 * fault with. The refusal never echoes the secret: the value it reports is
 * a description of the problem (`[secret with a trailing newline]`).
 */
function cleanSecret(codec: t.Type<string, string, unknown>, name: string): t.Type<string, string, unknown> {
  return describedAs(
    new t.Type<string, string, unknown>(
      name,
      (u): u is string => codec.is(u) && webhookSecretProblem(u) === undefined,
      (u, c) => {
        const decoded = codec.validate(u, c);
        if (decoded._tag === 'Left') return decoded;
        const problem = webhookSecretProblem(decoded.right);
        return problem === undefined
          ? decoded
          : t.failure(
              `[secret with ${problem}]`,
              c,
              'a secret without surrounding whitespace or control characters (trim what you read from a file or an environment variable)',
            );
      },
      (s) => s,
    ),
    'a secret without surrounding whitespace or control characters',
  );
}

/**
 * The settings codec of a webhook secret: one non-blank string of at most
 * `max` characters, without surrounding whitespace or control characters
 * (see {@link webhookSecretProblem}), or a list of 1 to
 * {@link maxWebhookSecrets} of them.
 *
 * @example
 * webhookSecret: webhookSecretsSetting(1024) // 'whsec_new' or ['whsec_new', 'whsec_old']
 */
export function webhookSecretsSetting(
  max: number,
  name = 'WebhookSecret',
): t.Type<WebhookSecrets, WebhookSecrets, unknown> {
  const one = cleanSecret(boundedString(max, 1, name), name);
  const several = t.refinement(
    t.array(one),
    (list) => list.length >= 1 && list.length <= maxWebhookSecrets,
    `Array<${name}> of 1 to ${maxWebhookSecrets}`,
  );
  return describedAs(
    t.union([one, several], `${name} | Array<${name}>`),
    `a secret of 1 to ${max} characters, or a list of 1 to ${maxWebhookSecrets} of them (during a rotation)`,
  ) as unknown as t.Type<WebhookSecrets, WebhookSecrets, unknown>;
}

/**
 * The secrets of a setting as a list: empty when none is configured. A blank
 * entry (`''`, spaces: an unset environment variable read as `''`) is no
 * secret, since anyone can compute an HMAC with an empty key, so it is left
 * out; so is anything that is not a string (a JavaScript caller's `null`).
 */
export function webhookSecretList(secrets: WebhookSecrets | null | undefined): ReadonlyArray<string> {
  const all: ReadonlyArray<unknown> =
    typeof secrets === 'string' ? [secrets] : Array.isArray(secrets) ? secrets : [];
  return all.filter((secret): secret is string => typeof secret === 'string' && secret.trim() !== '');
}

/**
 * Every text a secret setting's value could be echoed as, for redaction:
 * a string as is, a list (rotated webhook secrets) entry by entry and whole,
 * anything else (a number given by mistake) as its JSON.
 */
export function secretSettingTexts(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  const all = Array.isArray(value) ? [...(value as unknown[]), value] : [value];
  return all.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
}
