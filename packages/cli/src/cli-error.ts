import type { PaymentLinkError } from '@paylinks/core';

import type { FieldFlags } from './describe-failure.js';
import { ExitCode } from './exit-codes.js';

/**
 * A failure the CLI reports itself (bad flag, missing argument, bad
 * configuration) or an operation's failure put in the CLI's words: its
 * message goes to stderr and the command exits with `exitCode` (2 unless
 * said otherwise). `failure` keeps the operation's error value, for `--json`.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.usage,
    readonly failure?: { readonly error: PaymentLinkError; readonly flags: FieldFlags },
  ) {
    super(message);
    this.name = 'CliError';
  }
}
