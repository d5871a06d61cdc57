import { createHash } from 'node:crypto';

/**
 * Longest checkoutToken this adapter derives. Conomy documents no limit; the
 * token is a path segment of the checkout URL, so a derived one stays short
 * and URL-safe.
 */
export const conomyMaxCheckoutTokenLength = 255;

const urlSafe = /^[A-Za-z0-9_-]+$/;
const encodedPrefix = 'b64-';
const hashedPrefix = 'sha256-';

/**
 * The checkoutToken derived from a merchant `reference`, used when
 * `providerOptions.conomy.checkoutToken` is not given. Stable (the same
 * reference always gives the same token, so Conomy's uniqueness of tokens
 * makes a retried create find its first link instead of making a second) and
 * made only of `A-Z a-z 0-9 _ -`:
 *
 * 1. a reference already made of those characters, at most 255 of them, is
 *    the token as it is (`inv-1234` -> `inv-1234`);
 * 2. any other reference is `b64-` + its UTF-8 bytes in base64url
 *    (`INV/2026 #7` -> `b64-SU5WLzIwMjYgIzc`), when that fits in 255 characters;
 * 3. a longer one is `sha256-` + the hex SHA-256 of its UTF-8 bytes.
 *
 * A reference that itself starts with `b64-` or `sha256-` takes form 2 or 3,
 * so {@link referenceFromCheckoutToken} reads every form back unambiguously.
 */
export function conomyCheckoutToken(reference: string): string {
  if (
    urlSafe.test(reference) &&
    reference.length <= conomyMaxCheckoutTokenLength &&
    !reference.startsWith(encodedPrefix) &&
    !reference.startsWith(hashedPrefix)
  ) {
    return reference;
  }
  const encoded = `${encodedPrefix}${Buffer.from(reference, 'utf8').toString('base64url')}`;
  if (encoded.length <= conomyMaxCheckoutTokenLength) return encoded;
  return `${hashedPrefix}${createHash('sha256').update(reference, 'utf8').digest('hex')}`;
}

/**
 * The merchant reference a checkoutToken stands for: form 2 of
 * {@link conomyCheckoutToken} decoded, any other token as it is (a hashed
 * token cannot be reversed, and reads back as itself).
 */
export function referenceFromCheckoutToken(token: string): string {
  if (!token.startsWith(encodedPrefix)) return token;
  const body = token.slice(encodedPrefix.length);
  if (!urlSafe.test(body)) return token;
  const text = Buffer.from(body, 'base64url').toString('utf8');
  // Only a token this adapter could have written decodes: anything else stays as Conomy holds it.
  return Buffer.from(text, 'utf8').toString('base64url') === body ? text : token;
}
