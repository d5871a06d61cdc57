import {
  type CreatePaymentLinkInput,
  type ListQuery,
  parseDecimal,
  type PaymentLink,
  type PaymentLinkError,
  type PaymentLinks,
  type UnifiedStatus,
  unifiedStatuses,
} from '@paylinks/core';
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import QRCode from 'qrcode';

import type { CliOutput } from './cli-io.js';
import { CliError } from './cli-error.js';
import {
  cancelFieldFlags,
  createFieldFlags,
  describeFailure,
  listFieldFlags,
  type FieldFlags,
} from './describe-failure.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';
import { encodeLink, formatLink, formatLinkTable } from './format-link.js';
import { integerFlag } from './parse-command.js';

/** What a link command needs: the client, where to print, and how (JSON, ANSI per stream). */
export interface LinkCommandContext {
  readonly links: PaymentLinks;
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  readonly json: boolean;
  /** Whether ANSI sequences may go to each stream (a terminal, without `NO_COLOR`). */
  readonly ansi: { readonly stdout: boolean; readonly stderr: boolean };
}

/** Runs an operation; a failure becomes a {@link CliError} with its message and exit code. */
export async function perform<A>(
  task: TE.TaskEither<PaymentLinkError, A>,
  flags: FieldFlags = {},
): Promise<A> {
  const result = await task();
  if (E.isLeft(result)) throw failure(result.left, flags);
  return result.right;
}

/** A {@link CliError} for a failed operation. */
export function failure(error: PaymentLinkError, flags: FieldFlags = {}): CliError {
  return new CliError(describeFailure(error, flags), exitCodeFor(error), { error, flags });
}

/** Prints a value as indented JSON. */
export function printJson(out: CliOutput, value: unknown): void {
  out.write(`${JSON.stringify(value, null, 2)}\n`);
}

function printLink(context: LinkCommandContext, link: PaymentLink): void {
  if (context.json) {
    printJson(context.stdout, encodeLink(link));
    return;
  }
  context.stdout.write(`${formatLink(link)}\n`);
  if (link.status.unified === 'draft' && context.links.capabilities.activate) {
    context.stdout.write(
      `\n${link.id} is a draft: nobody can pay it until you run  paylinks activate ${link.id}\n`,
    );
  }
}

async function printQr(context: LinkCommandContext, link: PaymentLink): Promise<void> {
  // With --json the QR code goes to stderr so stdout stays one JSON document.
  const out = context.json ? context.stderr : context.stdout;
  const ansi = context.json ? context.ansi.stderr : context.ansi.stdout;
  if (link.url === undefined) {
    context.stderr.write('(the provider gave no URL to encode as a QR code)\n');
    return;
  }
  // `terminal` draws with ANSI colours; `utf8` with block characters only (pipes, NO_COLOR).
  const qr = await QRCode.toString(link.url, ansi ? { type: 'terminal', small: true } : { type: 'utf8' });
  out.write(`${qr}\n`);
}

/** The flags of `create`, as parsed. */
export interface CreateFlags {
  readonly amount?: string;
  readonly currency?: string;
  readonly reference?: string;
  readonly description?: string;
  readonly 'expires-in'?: string;
  readonly 'expires-at'?: string;
  readonly 'success-url'?: string;
  readonly 'failure-url'?: string;
  readonly 'cancel-url'?: string;
  readonly 'webhook-url'?: string;
  readonly 'customer-email'?: string;
  readonly 'checkout-token'?: string;
  readonly draft?: boolean;
  readonly qr?: boolean;
}

function required(value: string | undefined, flag: string, example: string): string {
  if (value === undefined || value.trim() === '')
    throw new CliError(`missing --${flag} (e.g. --${flag} ${example})`);
  return value;
}

/**
 * Builds the create input from `create`'s flags: `--amount` is parsed
 * exactly in major units of `--currency`; Conomy's checkout token derives
 * from the reference unless `--checkout-token` is given, and `--draft`
 * keeps a Conomy link a draft.
 */
export function createInputFromFlags(
  flags: CreateFlags,
  providers: ReadonlyArray<string>,
): CreatePaymentLinkInput {
  const currency = required(flags.currency, 'currency', 'EUR');
  const amountText = required(flags.amount, 'amount', '9.95');
  const reference = required(flags.reference, 'reference', 'inv-1');
  const amount = parseDecimal(amountText, currency.trim(), { field: 'amount' });
  if (E.isLeft(amount)) throw failure(amount.left, createFieldFlags);
  if (flags['expires-in'] !== undefined && flags['expires-at'] !== undefined) {
    throw new CliError('--expires-in and --expires-at exclude each other: give one');
  }
  for (const flag of ['checkout-token', 'draft'] as const) {
    if (flags[flag] !== undefined && !providers.includes('conomy')) {
      throw new CliError(`--${flag} is a Conomy option; ${providers.join(', ')} does not take it`);
    }
  }
  const conomyOptions = {
    ...(flags['checkout-token'] !== undefined ? { checkoutToken: flags['checkout-token'] } : {}),
    ...(flags.draft === true ? { activate: false } : {}),
  };
  const expiresIn = flags['expires-in'];
  return {
    reference,
    amount: amount.right,
    ...(flags.description !== undefined ? { description: flags.description } : {}),
    ...(expiresIn !== undefined
      ? { expiresIn: /^\d+$/.test(expiresIn) ? Number(expiresIn) : expiresIn }
      : {}),
    ...(flags['expires-at'] !== undefined ? { expiresAt: flags['expires-at'] } : {}),
    ...(flags['success-url'] !== undefined ? { successUrl: flags['success-url'] } : {}),
    ...(flags['failure-url'] !== undefined ? { failureUrl: flags['failure-url'] } : {}),
    ...(flags['cancel-url'] !== undefined ? { cancelUrl: flags['cancel-url'] } : {}),
    ...(flags['webhook-url'] !== undefined ? { webhookUrl: flags['webhook-url'] } : {}),
    ...(flags['customer-email'] !== undefined ? { customer: { email: flags['customer-email'] } } : {}),
    ...(Object.keys(conomyOptions).length > 0 ? { providerOptions: { conomy: conomyOptions } } : {}),
  };
}

/** `paylinks create`. */
export async function createCommand(context: LinkCommandContext, flags: CreateFlags): Promise<number> {
  const input = createInputFromFlags(flags, [context.links.id]);
  const link = await perform(context.links.te.create(input), createFieldFlags);
  printLink(context, link);
  if (flags.qr === true) await printQr(context, link);
  return ExitCode.ok;
}

/** `paylinks get ID`. */
export async function getCommand(context: LinkCommandContext, id: string, qr = false): Promise<number> {
  const link = await perform(context.links.te.get(id));
  printLink(context, link);
  if (qr) await printQr(context, link);
  return ExitCode.ok;
}

/** The flags of `list`, as parsed. */
export interface ListFlags {
  readonly status?: string;
  readonly 'customer-email'?: string;
  /** Page size, as `ListQuery.limit` in the library. */
  readonly limit?: string;
  /** Stop after this many links in all. */
  readonly max?: string;
}

/** Builds the list query from `list`'s flags; an unknown status is a {@link CliError} naming `--status`. */
export function listQueryFromFlags(flags: ListFlags): ListQuery {
  const statuses = flags.status
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const status of statuses ?? []) {
    if (!(unifiedStatuses as ReadonlyArray<string>).includes(status)) {
      throw new CliError(`--status: "${status}" is not a status; use ${unifiedStatuses.join(', ')}`);
    }
  }
  const pageSize = integerFlag('limit', flags.limit, { min: 1 });
  return {
    ...(statuses !== undefined && statuses.length > 0 ? { status: statuses as UnifiedStatus[] } : {}),
    ...(flags['customer-email'] !== undefined ? { customerEmail: flags['customer-email'] } : {}),
    ...(pageSize !== undefined ? { limit: pageSize } : {}),
  };
}

/** `paylinks list`: every page (`--limit` links each), up to `--max` links in all. */
export async function listCommand(context: LinkCommandContext, flags: ListFlags): Promise<number> {
  const query = listQueryFromFlags(flags);
  const limit = integerFlag('max', flags.max, { min: 1 });
  const found: PaymentLink[] = [];
  pages: for await (const page of context.links.te.pages(query)) {
    if (E.isLeft(page)) throw failure(page.left, listFieldFlags);
    for (const link of page.right.links) {
      found.push(link);
      if (limit !== undefined && found.length >= limit) break pages;
    }
  }
  if (context.json) printJson(context.stdout, found.map(encodeLink));
  else context.stdout.write(found.length === 0 ? 'no payment links\n' : `${formatLinkTable(found)}\n`);
  return ExitCode.ok;
}

/** `paylinks cancel ID [--reason]`. */
export async function cancelCommand(
  context: LinkCommandContext,
  id: string,
  reason?: string,
): Promise<number> {
  printLink(context, await perform(context.links.te.cancel(id, reason), cancelFieldFlags));
  return ExitCode.ok;
}

/** `paylinks activate ID`. */
export async function activateCommand(context: LinkCommandContext, id: string): Promise<number> {
  printLink(context, await perform(context.links.te.activate(id)));
  return ExitCode.ok;
}

/** `paylinks delete ID`. */
export async function deleteCommand(context: LinkCommandContext, id: string): Promise<number> {
  await perform(context.links.te.delete(id));
  if (context.json) printJson(context.stdout, { provider: context.links.id, id, deleted: true });
  else context.stdout.write(`deleted ${id}\n`);
  return ExitCode.ok;
}
