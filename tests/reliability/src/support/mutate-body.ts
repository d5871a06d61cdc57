import fc from 'fast-check';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = ReadonlyArray<string | number>;

/** Every path in a JSON value (objects, arrays and leaves), the root excluded. */
export function jsonPaths(value: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [];
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      out.push([...prefix, i], ...jsonPaths(item, [...prefix, i]));
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value))
      out.push([...prefix, key], ...jsonPaths(item, [...prefix, key]));
  }
  return out;
}

function parentOf(
  root: unknown,
  path: Path,
): { parent: Record<string | number, unknown>; key: string | number } {
  let node = root as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  return { parent: node, key: path[path.length - 1] as string | number };
}

/** The same value with another JSON type (`"12"` for 12, `[]` for an object, ...). */
export function retype(value: unknown): unknown {
  if (typeof value === 'string') return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value.length;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 0;
  if (value === null) return {};
  if (Array.isArray(value)) return Object.fromEntries(value.map((v, i) => [String(i), v]));
  return [value];
}

/** A change to one place of a body. */
export type Mutation =
  | { readonly kind: 'remove'; readonly at: number }
  | { readonly kind: 'null'; readonly at: number }
  | { readonly kind: 'retype'; readonly at: number }
  | { readonly kind: 'replace'; readonly at: number; readonly value: unknown }
  | { readonly kind: 'set'; readonly field: string; readonly value: unknown };

/** Applies mutations to a deep copy of `body`; `at` picks a path modulo the paths there are. */
export function mutate(body: unknown, mutations: ReadonlyArray<Mutation>): unknown {
  const root = { body: structuredClone(body) as Json };
  for (const m of mutations) {
    if (m.kind === 'set') {
      if (typeof root.body === 'object' && root.body !== null && !Array.isArray(root.body)) {
        if (m.value === undefined) delete root.body[m.field];
        else root.body[m.field] = m.value as Json;
      }
      continue;
    }
    const paths = jsonPaths(root.body).map((p) => ['body', ...p]);
    const path = paths.length === 0 ? ['body'] : (paths[m.at % paths.length] as Path);
    const { parent, key } = parentOf(root, path);
    const current = parent[key];
    switch (m.kind) {
      case 'remove':
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else if (key === 'body') root.body = null;
        else delete parent[key];
        break;
      case 'null':
        parent[key] = null;
        break;
      case 'retype':
        parent[key] = retype(current);
        break;
      case 'replace':
        parent[key] = m.value;
        break;
    }
  }
  return root.body;
}

/** Values that break codecs and converters: wrong types, edge numbers, odd strings, deep nesting. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    null,
    '',
    ' ',
    0,
    -1,
    -0.5,
    1.5,
    1e21,
    -1e21,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 2,
    1e308,
    'NaN',
    'Infinity',
    '12.50',
    '12,50',
    '1e3',
    '-5',
    '0x10',
    'P99999999Y',
    'PT-1S',
    'P',
    'P0D',
    '2026-02-30T00:00:00Z',
    '2026-01-15',
    '9999-12-31T23:59:59Z',
    '275760-09-13T00:00:00Z',
    '+275760-09-13T00:00:00.000Z',
    '1970-01-01T00:00:00Z',
    'not-an-email',
    'a'.repeat(300),
    'a'.repeat(5000),
    '\u0000',
    '\ud800',
    '__proto__',
    'constructor',
    [],
    {},
    [[[]]],
    { __proto__: null },
    true,
    false,
  ),
);

/** Unknown raw statuses: plausible words, case variants, empty and random text. */
export function unknownStatus(known: ReadonlyArray<string>): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc.constantFrom(
        '',
        ' ',
        'refunded',
        'partially_paid',
        'ARCHIVED',
        'on_hold',
        'chargeback',
        ...known.map((s) => s.toUpperCase()),
        ...known.map((s) => s.toLowerCase()),
        ...known.map((s) => ` ${s}`),
        ...known.map((s) => `${s}_v2`),
      ),
      fc.string({ maxLength: 24 }),
    )
    .filter((s) => !known.includes(s));
}

/** Bodies for an adapter's get path: documented bodies mutated, field-targeted values, any JSON, non-JSON text. */
export function answerBodies(o: {
  readonly documented: ReadonlyArray<unknown>;
  readonly fields: ReadonlyArray<string>;
  readonly known: ReadonlyArray<string>;
}): fc.Arbitrary<{ readonly kind: string; readonly text: string }> {
  const base = fc.constantFrom(...o.documented);
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('null' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('retype' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: hostileValue }),
    fc.record({
      kind: fc.constant('set' as const),
      field: fc.constantFrom(...o.fields),
      value: fc.oneof(hostileValue, fc.constant(undefined)),
    }),
  );
  const json = (kind: string) => (value: unknown) => ({ kind, text: JSON.stringify(value) ?? '' });
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc
        .tuple(base, fc.array(mutation, { minLength: 1, maxLength: 4 }))
        .map(([b, ms]) => json('mutated')(mutate(b, ms))),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(base, unknownStatus(o.known), fc.array(mutation, { maxLength: 1 }))
        .map(([b, status, ms]) => json('unknown-status')(mutate({ ...(b as object), status }, ms))),
    },
    { weight: 1, arbitrary: base.map(json('documented')) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map(json('random-json')) },
    {
      weight: 1,
      arbitrary: fc
        .oneof(
          fc.string({ maxLength: 40 }),
          base.chain((b) => {
            const text = JSON.stringify(b);
            return fc.nat({ max: text.length - 1 }).map((n) => text.slice(0, n));
          }),
        )
        .map((text) => ({ kind: 'not-json', text })),
    },
  );
}
