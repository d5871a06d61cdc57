import { parseArgs, type ParseArgsConfig } from 'node:util';

import { closest as closestKnown } from '@paylinks/core/adapter';

import { CliError } from './cli-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The flags every command takes. */
export const commonOptions = {
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

/** The flags of commands that talk to a provider. */
export const providerOptions = {
  provider: { type: 'string' },
  config: { type: 'string' },
  'api-key': { type: 'string' },
  'base-url': { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  'access-token': { type: 'string' },
  'webhook-secret': { type: 'string' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
} as const satisfies Options;

/** The flags that make a create input (`create`, and `route` which explains one). */
export const createInputOptions = {
  amount: { type: 'string' },
  currency: { type: 'string' },
  reference: { type: 'string' },
  description: { type: 'string' },
  'expires-in': { type: 'string' },
  'expires-at': { type: 'string' },
  'success-url': { type: 'string' },
  'failure-url': { type: 'string' },
  'cancel-url': { type: 'string' },
  'webhook-url': { type: 'string' },
  'customer-email': { type: 'string' },
  'checkout-token': { type: 'string' },
} as const satisfies Options;

/**
 * The candidate closest to a mistyped word (core's `closest`: a likely typo),
 * or one the word starts or that starts the word, else `undefined`.
 */
export function closest(word: string, candidates: ReadonlyArray<string>): string | undefined {
  return (
    closestKnown(word, candidates) ??
    candidates.find((c) => word.length >= 3 && (c.startsWith(word) || word.startsWith(c)))
  );
}

/** `; did you mean --amount?`, or nothing when no candidate is close. */
export function suggestion(word: string, candidates: ReadonlyArray<string>, prefix = ''): string {
  const near = closest(word, candidates);
  return near !== undefined ? `; did you mean ${prefix}${near}?` : '';
}

/** What {@link parseCommand} answers. */
export interface ParsedCommand<O extends Options> {
  readonly values: ReturnType<
    typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>
  >['values'];
  readonly positionals: ReadonlyArray<string>;
}

/**
 * Parses a command's arguments strictly (`node:util` `parseArgs`). An unknown
 * flag, a flag missing its value, or a value given to a boolean flag is a
 * {@link CliError} (exit 2) naming the flag and the command.
 */
export function parseCommand<O extends Options>(
  command: string,
  argv: ReadonlyArray<string>,
  options: O,
): ParsedCommand<O> {
  try {
    const parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    return { values: parsed.values, positionals: parsed.positionals };
  } catch (e) {
    const error = e as Error & { code?: string };
    const flag = /'(-{1,2}[^' ]+)/.exec(error.message)?.[1];
    if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const near = flag !== undefined ? suggestion(flag.replace(/^-+/, ''), Object.keys(options), '--') : '';
      throw new CliError(
        `unknown flag ${flag ?? error.message} for "paylinks ${command}"${near} (see paylinks help ${command})`,
      );
    }
    if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const takesValue = flag !== undefined && /argument missing/.test(error.message);
      throw new CliError(
        takesValue
          ? `${flag} needs a value`
          : `${flag ?? 'a flag'}: ${error.message.replace(/^Option '[^']*' /, '')}`,
      );
    }
    throw new CliError(error.message);
  }
}

/** Exactly the named positional arguments, or a {@link CliError} naming what is missing or extra. */
export function expectPositionals(
  command: string,
  positionals: ReadonlyArray<string>,
  names: ReadonlyArray<string>,
): string[] {
  if (positionals.length < names.length) {
    throw new CliError(
      `missing argument ${names[positionals.length]}: usage: paylinks ${command} ${names.join(' ')}`,
    );
  }
  if (positionals.length > names.length) {
    throw new CliError(`unexpected argument "${positionals[names.length]}" for "paylinks ${command}"`);
  }
  return [...positionals];
}

/** A flag's value as a whole number within bounds, or a {@link CliError} naming the flag. */
export function integerFlag(
  flag: string,
  value: string | undefined,
  bounds: { readonly min: number; readonly max?: number },
): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new CliError(`--${flag} must be a whole number, got "${value}"`);
  const n = Number(value.trim());
  if (n < bounds.min || (bounds.max !== undefined && n > bounds.max)) {
    throw new CliError(
      `--${flag} must be ${bounds.max !== undefined ? `between ${bounds.min} and ${bounds.max}` : `at least ${bounds.min}`}, got ${n}`,
    );
  }
  return n;
}
