// Unknown keys in settings and options: the keys a codec knows, the closest to suggest, short echoes.
import type * as t from 'io-ts';

/**
 * Keys a settings codec knows, found by walking io-ts' object types
 * (`type`, `partial`, `intersection`, `exact`, `readonly`, refinements). A
 * custom `t.Type` that reads several keys itself says which with a
 * `knownKeys` property. Nested object settings (`retry`) map to their own
 * key sets.
 */
export interface KnownKeys {
  readonly keys: ReadonlyMap<string, KnownKeys | undefined>;
}

type Walkable = {
  readonly _tag?: string;
  readonly props?: Readonly<Record<string, t.Mixed>>;
  readonly types?: ReadonlyArray<t.Mixed>;
  readonly type?: t.Mixed;
  readonly knownKeys?: ReadonlyArray<string>;
};

/** Whether a codec describes an object with named keys (so unknown ones can be found). */
function collect(codec: t.Mixed, into: Map<string, KnownKeys | undefined>): boolean {
  const c = codec as unknown as Walkable;
  if (c.knownKeys !== undefined) {
    for (const key of c.knownKeys) into.set(key, undefined);
    return true;
  }
  switch (c._tag) {
    case 'InterfaceType':
    case 'PartialType':
    case 'StrictType':
      for (const [key, prop] of Object.entries(c.props ?? {})) into.set(key, knownKeys(prop));
      return true;
    case 'IntersectionType': {
      let all = true;
      for (const part of c.types ?? []) all = collect(part, into) && all;
      return all;
    }
    case 'RefinementType':
    case 'ReadonlyType':
    case 'ExactType':
      return c.type !== undefined && collect(c.type, into);
    default:
      return false;
  }
}

// Codecs are immutable, and an adapter's option codec is walked on every create that passes options.
const knownKeysCache = new WeakMap<t.Mixed, KnownKeys | undefined>();

/** The keys of an object codec, or `undefined` when it is not one whose keys can be known. */
export function knownKeys(codec: t.Mixed): KnownKeys | undefined {
  if (knownKeysCache.has(codec)) return knownKeysCache.get(codec);
  const keys = new Map<string, KnownKeys | undefined>();
  const known = collect(codec, keys) ? { keys } : undefined;
  knownKeysCache.set(codec, known);
  return known;
}

/** Levenshtein distance, case-insensitive (settings are often mistyped in case: `baseURL`). */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[y.length]!;
}

/** The known word closest to `word`, when one is close enough to be a likely typo. */
export function closest(word: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = distance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/** One key nobody reads, with the closest known key. */
export interface UnknownKey {
  /** Dotted path from the settings root (`retry.maxRetry`), each key shortened to {@link maxEchoedLength}. */
  readonly path: string;
  /** The keys on the way, as given (a key may itself hold a dot). */
  readonly segments: ReadonlyArray<string>;
  /** The keys known at the same level. */
  readonly known: ReadonlyArray<string>;
  /** The closest known key at the same level. */
  readonly suggestion?: string;
}

/** How much of a key or a cursor an error message echoes: a caller's key, or a provider's cursor, can be any size. */
export const maxEchoedLength = 64;

/** A key or cursor as a message shows it: shortened past {@link maxEchoedLength} characters. */
export function echoedText(key: string): string {
  return key.length > maxEchoedLength ? `${key.slice(0, maxEchoedLength)}…` : key;
}

// Any object is walked, not only a plain one: a null-prototype object (querystring.parse, some body
// parsers) or a class instance carries keys too, and an unchecked one would pass a typo, or a
// field the adapter spreads into the request, without a word.
const isObject = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

/**
 * Every key of `value` that `known` does not name, at every nesting level it describes, up to
 * `max` of them (a hostile object can hold any number of keys; each costs a closest-key search).
 */
export function findUnknownKeys(value: unknown, known: KnownKeys, max = 10): UnknownKey[] {
  const out: UnknownKey[] = [];
  walkUnknownKeys(value, known, [], out, max);
  return out;
}

function walkUnknownKeys(
  value: unknown,
  known: KnownKeys,
  segments: ReadonlyArray<string>,
  out: UnknownKey[],
  max: number,
): void {
  if (!isObject(value)) return;
  for (const key of Object.keys(value)) {
    if (out.length >= max) return;
    const at = [...segments, key];
    if (!known.keys.has(key)) {
      const suggestion = closest(key.slice(0, maxEchoedLength * 2), known.keys.keys());
      out.push({
        path: at.map(echoedText).join('.'),
        segments: at,
        known: [...known.keys.keys()],
        ...(suggestion !== undefined ? { suggestion } : {}),
      });
      continue;
    }
    const nested = known.keys.get(key);
    if (nested !== undefined) walkUnknownKeys(value[key], nested, at, out, max);
  }
}
