import { ExitCode } from './exit-codes.js';

/**
 * A failure the CLI reports itself (bad flag, missing argument, bad
 * configuration): its message goes to stderr and the command exits with
 * `exitCode` (2 unless said otherwise).
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.usage,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
