/** Where the CLI writes: `process.stdout` / `process.stderr`, or a buffer in tests. */
export interface CliOutput {
  write(chunk: string): unknown;
  /** True on a terminal: `watch` then rewrites its status line in place. */
  readonly isTTY?: boolean;
  /** Terminal width, when known. */
  readonly columns?: number;
}

/**
 * Everything {@link runCli} touches of the outside world, so tests run it
 * in-process with their own streams, environment and directory.
 */
export interface CliIo {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  /** Environment variables (`PAYLINKS_PROVIDER`, `PAYLINKS_<PROVIDER>_API_KEY`, ...). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory `paylinks.config.json` and `--config` are resolved against. */
  readonly cwd: string;
  /**
   * Stops long-running commands (`simulate`, `watch`). Without it they stop
   * on SIGINT / SIGTERM.
   */
  readonly signal?: AbortSignal;
}

/** A {@link CliOutput} whose every string passes through `transform` first. */
export function mapOutput(output: CliOutput, transform: (text: string) => string): CliOutput {
  return {
    write: (chunk: string) => output.write(transform(chunk)),
    ...(output.isTTY !== undefined ? { isTTY: output.isTTY } : {}),
    ...(output.columns !== undefined ? { columns: output.columns } : {}),
  };
}

/**
 * Whether ANSI sequences (colours, cursor moves, the terminal QR code) may go
 * to `output`: only on a terminal, and never with `NO_COLOR` set (no-color.org).
 */
export function allowsAnsi(output: CliOutput, env: Readonly<Record<string, string | undefined>>): boolean {
  return output.isTTY === true && (env['NO_COLOR'] ?? '') === '';
}
