import { loneSurrogate } from '@paylinks/ledger';

// PostgreSQL text cannot hold NUL (U+0000), and jsonb refuses `\u0000` and lone surrogates; the
// driver would turn a lone surrogate into U+FFFD without a word. Provider text may hold either.
// Such a string is stored escaped, reversibly: a marker no real text starts with, then the string
// with `%` as `%25`, NUL as `%00` and each lone surrogate as `%uXXXX`. A string that happens to
// start with the marker is escaped too, so reading back is exact for every string.
const marker = '\uffffpaylinks:';

function needsEscape(value: string): boolean {
  return value.startsWith(marker) || value.includes('\u0000') || loneSurrogate.test(value);
}

/** A string as PostgreSQL can hold it: unchanged, or escaped (see the comment above). */
export function storedText(value: string): string {
  if (!needsEscape(value)) return value;
  return (
    marker +
    value.replace(/%|\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, (c) =>
      c === '%' ? '%25' : c === '\u0000' ? '%00' : `%u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    )
  );
}

/** The string {@link storedText} was given. */
export function readText(value: string): string {
  if (!value.startsWith(marker)) return value;
  return value
    .slice(marker.length)
    .replace(/%(25|00|u[0-9a-f]{4})/g, (_, code: string) =>
      code === '25' ? '%' : code === '00' ? '\u0000' : String.fromCharCode(parseInt(code.slice(1), 16)),
    );
}

function mapStrings(value: unknown, map: (s: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, map));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      // defineProperty: a key `__proto__` stays a key, never the prototype.
      Object.defineProperty(out, map(k), {
        value: mapStrings(v, map),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}

/** A JSON value as jsonb text: every string and key that jsonb cannot hold escaped. */
export function storedJson(value: unknown): string {
  const json = JSON.stringify(value ?? null);
  // JSON.stringify writes NUL and lone surrogates as \u escapes (and the marker as is): only then walk.
  if (!/\\u0000|\\ud[89a-f]/i.test(json) && !json.includes(marker)) return json;
  return JSON.stringify(mapStrings(JSON.parse(json), storedText));
}

/** A jsonb value read back, with escaped strings and keys restored. */
export function readJson(value: unknown): unknown {
  return mapStrings(value, readText);
}
