import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { CliIo } from '../cli-io.js';
import { runCli } from '../cli.js';

/** What a CLI run printed and answered. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link cli}. */
export interface RunOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  readonly tty?: boolean;
  readonly signal?: AbortSignal;
}

/** In-memory streams for {@link runCli}. */
export function captureIo(options: RunOptions = {}): {
  io: CliIo;
  stdout: () => string;
  stderr: () => string;
} {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (out += s), isTTY: options.tty ?? false },
    stderr: { write: (s: string) => (err += s), isTTY: options.tty ?? false },
    env: options.env ?? {},
    cwd: options.cwd ?? emptyDir(),
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
  };
  return { io, stdout: () => out, stderr: () => err };
}

/** Runs `paylinks <argv>` in-process. */
export async function cli(argv: ReadonlyArray<string>, options: RunOptions = {}): Promise<CliRun> {
  const { io, stdout, stderr } = captureIo(options);
  const code = await runCli(argv, io);
  return { code, stdout: stdout(), stderr: stderr() };
}

/** A fresh empty directory (no paylinks.config.json). */
export function emptyDir(): string {
  return mkdtempSync(join(tmpdir(), 'paylinks-cli-'));
}

/** A fresh directory holding `paylinks.config.json` with this content. */
export function dirWithConfig(config: unknown): string {
  const dir = emptyDir();
  writeFileSync(
    join(dir, 'paylinks.config.json'),
    typeof config === 'string' ? config : JSON.stringify(config),
  );
  return dir;
}
