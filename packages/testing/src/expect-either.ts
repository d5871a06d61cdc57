// expectRight / expectLeft: an Either or TaskEither unwrapped in a test, failing with the other side.
import * as E from 'fp-ts/lib/Either.js';

/** A TaskEither, or any function answering a promised Either. */
type EitherTask<L, A> = () => Promise<E.Either<L, A>>;

function describe(value: unknown): string {
  if (typeof value === 'object' && value !== null) {
    const { _tag, message } = value as { _tag?: unknown; message?: unknown };
    if (typeof message === 'string') return typeof _tag === 'string' ? `${_tag}: ${message}` : message;
  }
  try {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 300 ? `${text.slice(0, 300)}...` : text;
  } catch {
    return String(value);
  }
}

function rightOf<A>(either: E.Either<unknown, A>): A {
  if (E.isLeft(either)) throw new Error(`expected a Right, got ${describe(either.left)}`);
  return either.right;
}

function leftOf<L>(either: E.Either<L, unknown>, tag: string | undefined): L {
  if (E.isRight(either)) {
    throw new Error(`expected ${tag ?? 'a Left'}, got a Right: ${describe(either.right)}`);
  }
  const actual = (either.left as { _tag?: unknown } | null)?._tag;
  if (tag !== undefined && actual !== tag) throw new Error(`expected ${tag}, got ${describe(either.left)}`);
  return either.left;
}

/**
 * The value of a `Right`, or of the `Right` a task answers; throws (failing
 * the test) with the `Left`'s tag and message otherwise.
 *
 * @example
 * const link = await expectRight(provider.get('plink_1'))
 * const amount = expectRight(money({ amount: 995, currency: 'EUR' }))
 */
export function expectRight<A>(task: EitherTask<unknown, A>): Promise<A>;
export function expectRight<A>(either: E.Either<unknown, A>): A;
export function expectRight<A>(value: EitherTask<unknown, A> | E.Either<unknown, A>): A | Promise<A> {
  return typeof value === 'function' ? value().then(rightOf) : rightOf(value);
}

/**
 * The error of a `Left`, or of the `Left` a task answers; throws (failing
 * the test) on a `Right`, and when `tag` is given, on a `Left` with another
 * `_tag`.
 *
 * @example
 * const error = await expectLeft(provider.get(''), 'ValidationError')
 * expect(error.field).toBe('id')
 */
export function expectLeft<L>(task: EitherTask<L, unknown>, tag?: string): Promise<L>;
export function expectLeft<L>(either: E.Either<L, unknown>, tag?: string): L;
export function expectLeft<L>(
  value: EitherTask<L, unknown> | E.Either<L, unknown>,
  tag?: string,
): L | Promise<L> {
  return typeof value === 'function' ? value().then((either) => leftOf(either, tag)) : leftOf(value, tag);
}
