import { setTimeout as sleep } from 'node:timers/promises';

import { isFinal, type PaymentLink } from '@paylinks/core';

import { CliError } from './cli-error.js';
import { ExitCode } from './exit-codes.js';
import { encodeLink, formatAttempts, formatStatus } from './format-link.js';
import { perform, printJson, type LinkCommandContext } from './link-commands.js';

/** Options of {@link watchCommand}. */
export interface WatchOptions {
  /** Time between two polls (default 2,000 ms). */
  readonly intervalMs: number;
  /** Give up after this long (default 600,000 ms). */
  readonly timeoutMs: number;
}

/** Default poll interval of `watch`. */
export const defaultWatchIntervalMs = 2_000;
/** Default timeout of `watch`. */
export const defaultWatchTimeoutMs = 600_000;

function describe(link: PaymentLink): string {
  return `${link.id}  ${formatStatus(link.status)}  attempts ${formatAttempts(link.attempts)}`;
}

/**
 * `paylinks watch ID`: polls the link until its status is final. On a
 * terminal the status line is rewritten in place (`\r`); elsewhere one line
 * is printed per change. With `--json` the status lines go to stderr and the
 * final link to stdout. Exit 0 when paid, 1 when final but not paid, 4 when
 * `timeoutMs` passes first.
 */
export async function watchCommand(
  context: LinkCommandContext,
  id: string,
  options: WatchOptions,
): Promise<number> {
  const out = context.json ? context.stderr : context.stdout;
  // Rewriting the line in place takes ANSI: only on a terminal without NO_COLOR.
  const tty = context.json ? context.ansi.stderr : context.ansi.stdout;
  const started = Date.now();
  let last: string | undefined;
  for (;;) {
    const link = await perform(context.links.te.get(id));
    const line = describe(link);
    const elapsed = Math.round((Date.now() - started) / 1000);
    if (tty) out.write(`\r\x1b[2K${line}  (${elapsed}s)`);
    else if (line !== last) out.write(`${new Date().toISOString()}  ${line}\n`);
    last = line;
    if (isFinal(link.status)) {
      if (tty) out.write('\n');
      const paid = link.status.unified === 'paid';
      if (context.json) printJson(context.stdout, encodeLink(link));
      else context.stdout.write(`${link.id} is ${link.status.unified}${paid ? '' : ', not paid'}\n`);
      return paid ? ExitCode.ok : ExitCode.notPaid;
    }
    const remaining = options.timeoutMs - (Date.now() - started);
    if (remaining <= 0) {
      if (tty) out.write('\n');
      throw new CliError(
        `timed out after ${options.timeoutMs} ms: ${link.id} is still ${formatStatus(link.status)}`,
        ExitCode.network,
      );
    }
    await sleep(Math.min(options.intervalMs, remaining));
  }
}
