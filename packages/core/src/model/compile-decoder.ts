// decodeWith / validateWith: io-ts codecs compiled to fast decoders with io-ts's own answers.
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

/** Returned by a compiled decoder for a value its codec refuses. */
const refused: unique symbol = Symbol('refused');

type Decoder = (u: unknown) => unknown;

type Fields = Record<string, unknown>;

/**
 * Checks the fields of an object-shaped codec (`t.type`, `t.partial`, their
 * intersections and refinements) on `input`. A field whose decoded value
 * differs from the input's goes into `out`, a shallow copy of `input` made
 * on the first change; so an intersection copies its input once, however
 * many members change fields. Answers `out` (still `undefined` when nothing
 * changed) or `refused`.
 */
type FieldsDecoder = (input: Fields, out: Fields | undefined) => Fields | undefined | typeof refused;

interface Compiled {
  readonly decode: Decoder;
  /** Present for object-shaped codecs. */
  readonly fields?: FieldsDecoder;
  /** The keys `fields` may replace. */
  readonly keys?: ReadonlyArray<string>;
  /** False when the codec refuses `undefined` (known at compile time). */
  readonly acceptsUndefined: boolean;
}

/** The context handed to leaf codecs: it only matters on failure, and failures are re-run by io-ts. */
const noContext: t.Context = [];

type Structural = t.Mixed & {
  readonly _tag?: string;
  readonly props?: t.Props;
  readonly types?: ReadonlyArray<t.Mixed>;
  readonly type?: t.Mixed;
  readonly predicate?: (a: unknown) => boolean;
  readonly domain?: t.Mixed & { readonly _tag?: string };
  readonly codomain?: t.Mixed & { readonly _tag?: string };
};

/** Whether `decode` takes `undefined`: asked once, at compile time (a codec that throws on it does not). */
function takesUndefined(decode: Decoder): boolean {
  try {
    return decode(undefined) !== refused;
  } catch {
    return false;
  }
}

function withDecode(fields: FieldsDecoder, keys: ReadonlyArray<string>): Compiled {
  const decode: Decoder = (u) => {
    if (!t.UnknownRecord.is(u)) return refused;
    const out = fields(u as Fields, undefined);
    return out === undefined ? u : out;
  };
  return { decode, fields, keys, acceptsUndefined: false };
}

/** io-ts primitives: `is` is the whole check and the output is the input. */
function primitive(codec: t.Mixed, tag: string): Compiled | undefined {
  switch (tag) {
    case 'StringType':
      return { decode: (u) => (typeof u === 'string' ? u : refused), acceptsUndefined: false };
    case 'NumberType':
      return { decode: (u) => (typeof u === 'number' ? u : refused), acceptsUndefined: false };
    case 'BooleanType':
      return { decode: (u) => (typeof u === 'boolean' ? u : refused), acceptsUndefined: false };
    case 'UnknownType':
    case 'AnyType':
      return { decode: (u) => u, acceptsUndefined: true };
    case 'NullType':
    case 'UndefinedType':
    case 'VoidType':
    case 'UnknownRecordType':
    case 'UnknownArrayType':
    case 'AnyArrayType':
    case 'AnyDictionaryType':
    case 'LiteralType':
    case 'KeyofType':
    case 'BigIntType':
    case 'FunctionType':
      return { decode: (u) => (codec.is(u) ? u : refused), acceptsUndefined: codec.is(undefined) };
    default:
      return undefined;
  }
}

function leaf(codec: t.Mixed): Compiled {
  const decode: Decoder = (u) => {
    const result = codec.validate(u, noContext);
    return E.isRight(result) ? result.right : refused;
  };
  return { decode, acceptsUndefined: takesUndefined(decode) };
}

function objectOf(props: t.Props, optional: boolean): Compiled {
  const keys = Object.keys(props);
  const members = keys.map((k) => compile(props[k] as t.Mixed));
  const decoders = members.map((m) => m.decode);
  const takeUndefined = members.map((m) => m.acceptsUndefined);
  const n = keys.length;
  /** Checks field `i` of `input` into `out`. */
  const field = (input: Fields, out: Fields | undefined, i: number): ReturnType<FieldsDecoder> => {
    const key = keys[i] as string;
    const value = input[key];
    // An absent optional field stays absent, unless its codec decodes undefined into something.
    if (optional && value === undefined && takeUndefined[i] !== true) return out;
    const decoded = (decoders[i] as Decoder)(value);
    if (decoded === refused) return optional && value === undefined ? out : refused;
    if (decoded !== value) (out ??= { ...input })[key] = decoded;
    return out;
  };
  const byKeys: FieldsDecoder = (input, out) => {
    let acc: ReturnType<FieldsDecoder> = out;
    for (let i = 0; i < n && acc !== refused; i++) acc = field(input, acc, i);
    return acc;
  };
  if (!optional) return withDecode(byKeys, keys);
  // A partial codec (a wire body's optional fields) often names many more fields than a body
  // carries: its fields are then found from the body's own properties, by name. Only for plain
  // objects, and only when no field name is also a property of Object.prototype, so that what
  // the body holds under every field name is what the codec-order walk would read.
  const index = new Map(keys.map((k, i) => [k, i]));
  const takers = keys.flatMap((k, i) => (takeUndefined[i] === true ? [i] : []));
  const byName = keys.every((k) => !(k in Object.prototype));
  const fields: FieldsDecoder = (input, out) => {
    if (!byName || Object.getPrototypeOf(input) !== Object.prototype) return byKeys(input, out);
    const names = Object.getOwnPropertyNames(input);
    if (names.length >= n) return byKeys(input, out);
    const visited = takers.length > 0 ? new Set<number>() : undefined;
    let acc: ReturnType<FieldsDecoder> = out;
    for (let j = 0; j < names.length && acc !== refused; j++) {
      const i = index.get(names[j] as string);
      if (i === undefined) continue;
      visited?.add(i);
      acc = field(input, acc, i);
    }
    for (let k = 0; k < takers.length && acc !== refused; k++) {
      const i = takers[k] as number;
      if (visited?.has(i) !== true) acc = field(input, acc, i);
    }
    return acc;
  };
  return withDecode(fields, keys);
}

function intersectionOf(codec: t.Mixed, codecs: ReadonlyArray<t.Mixed>): Compiled {
  const members = codecs.map(compile);
  // Members that build new objects (or none at all): io-ts' own merge.
  if (members.length === 0 || members.some((m) => m.fields === undefined)) return leaf(codec);
  const parts = members.map((m) => m.fields as FieldsDecoder);
  const n = parts.length;
  // Each member reads the original input, as in io-ts; their changes land in one copy, in member
  // order, which is what io-ts' mergeAll computes from the members' copies.
  const fields: FieldsDecoder = (input, out) => {
    for (let i = 0; i < n; i++) {
      const next = (parts[i] as FieldsDecoder)(input, out);
      if (next === refused) return refused;
      out = next;
    }
    return out;
  };
  return withDecode(
    fields,
    members.flatMap((m) => m.keys ?? []),
  );
}

function refinementOf(inner: t.Mixed, predicate: (a: unknown) => boolean): Compiled {
  const base = compile(inner);
  if (base.fields === undefined) {
    const decode: Decoder = (u) => {
      const decoded = base.decode(u);
      return decoded !== refused && predicate(decoded) ? decoded : refused;
    };
    return { decode, acceptsUndefined: base.acceptsUndefined && takesUndefined(decode) };
  }
  const baseFields = base.fields;
  const keys = base.keys ?? [];
  // The predicate sees this codec's own output, as in io-ts, not changes other members made.
  const fields: FieldsDecoder = (input, out) => {
    const own = baseFields(input, undefined);
    if (own === refused || !predicate(own ?? input)) return refused;
    if (out === undefined || own === undefined) return own ?? out;
    for (const key of keys) if (own[key] !== input[key]) out[key] = own[key];
    return out;
  };
  return withDecode(fields, keys);
}

/** `t.record(t.string, codomain)`: io-ts' non-enumerable record, the same output object. */
function stringRecordOf(codomain: t.Mixed & { readonly _tag?: string }): Compiled {
  const value = compile(codomain).decode;
  const anyValue = codomain._tag === 'AnyType';
  const decode: Decoder = (u) => {
    if (!t.UnknownRecord.is(u)) return anyValue && Array.isArray(u) ? u : refused;
    const input = u as Fields;
    let out: Fields | undefined;
    for (const key of Object.keys(input)) {
      const field = input[key];
      const decoded = value(field);
      if (decoded === refused) return refused;
      if (decoded !== field) (out ??= { ...input })[key] = decoded;
    }
    return out ?? input;
  };
  return { decode, acceptsUndefined: false };
}

function arrayOf(item: t.Mixed): Compiled {
  const element = compile(item).decode;
  const decode: Decoder = (u) => {
    if (!Array.isArray(u)) return refused;
    let out: unknown[] | undefined;
    for (let i = 0; i < u.length; i++) {
      const value: unknown = u[i];
      const decoded = element(value);
      if (decoded === refused) return refused;
      if (decoded !== value) (out ??= u.slice())[i] = decoded;
    }
    return out ?? u;
  };
  return { decode, acceptsUndefined: false };
}

function unionOf(codecs: ReadonlyArray<t.Mixed>): Compiled {
  const members = codecs.map((c) => compile(c).decode);
  const decode: Decoder = (u) => {
    for (const member of members) {
      const decoded = member(u);
      if (decoded !== refused) return decoded;
    }
    return refused;
  };
  return { decode, acceptsUndefined: takesUndefined(decode) };
}

function nullableOf(inner: t.Mixed): Compiled {
  const base = compile(inner).decode;
  return { decode: (u) => (u === null ? null : base(u)), acceptsUndefined: compile(inner).acceptsUndefined };
}

function build(codec: Structural): Compiled {
  const tag = codec._tag;
  if (tag === undefined) return leaf(codec);
  const known = primitive(codec, tag);
  if (known !== undefined) return known;
  switch (tag) {
    case 'InterfaceType':
      return objectOf(codec.props as t.Props, false);
    case 'PartialType':
      return objectOf(codec.props as t.Props, true);
    case 'IntersectionType':
      return intersectionOf(codec, codec.types as ReadonlyArray<t.Mixed>);
    case 'UnionType':
      return unionOf(codec.types as ReadonlyArray<t.Mixed>);
    case 'ArrayType':
    case 'ReadonlyArrayType':
      return arrayOf(codec.type as t.Mixed);
    case 'RefinementType':
      return refinementOf(codec.type as t.Mixed, codec.predicate as (a: unknown) => boolean);
    case 'ReadonlyType':
      return compile(codec.type as t.Mixed);
    case 'NullableType':
      return nullableOf(codec.type as t.Mixed);
    case 'DictionaryType':
      return codec.domain?._tag === 'StringType' ? stringRecordOf(codec.codomain as t.Mixed) : leaf(codec);
    default:
      return leaf(codec);
  }
}

const cache = new WeakMap<t.Mixed, Compiled>();

function compile(codec: t.Mixed): Compiled {
  let compiled = cache.get(codec);
  if (compiled === undefined) {
    compiled = build(codec as Structural);
    cache.set(codec, compiled);
  }
  return compiled;
}

/**
 * `codec.decode(value)`, faster on success. io-ts builds a context entry (a
 * copied array) for every field it visits, and merges every intersection
 * with `mergeAll`; on a wire body that is most of the decode. This walks the
 * codec's structure once per codec (cached) and checks a value without
 * contexts, giving the same output object io-ts gives; when the value is
 * refused it hands over to `codec.decode`, so errors are io-ts' own, paths
 * included. Codecs it does not know (custom `t.Type`s, tuples, records over
 * other keys) run their own `validate`.
 */
export function decodeWith<A, O>(codec: t.Type<A, O, unknown>, value: unknown): t.Validation<A> {
  const decoded = compile(codec as unknown as t.Mixed).decode(value);
  return decoded === refused ? codec.decode(value) : E.right(decoded as A);
}

/**
 * `codec.validate(value, context)` with {@link decodeWith}'s fast path: for
 * custom codecs that wrap another one (so the wrapped codec's fields are not
 * checked the slow way).
 */
export function validateWith<A, O>(
  codec: t.Type<A, O, unknown>,
  value: unknown,
  context: t.Context,
): t.Validation<A> {
  const decoded = compile(codec as unknown as t.Mixed).decode(value);
  return decoded === refused ? codec.validate(value, context) : E.right(decoded as A);
}
