import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { envName } from '@paylinks/core';
import { submitCheckout, timeBudgetMs } from '@paylinks/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { emptyDir } from './__tests__/capture-io.js';
import { providerIds } from './registry.js';

// These tests drive the BUILT command (`pnpm build`, or `pnpm tsc -b packages/cli`), as a user would.
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

interface SimLine {
  readonly provider: string;
  readonly baseUrl: string;
  readonly credentials: Record<string, unknown>;
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The parent's environment without any PAYLINKS_* variable, so only what a test sets counts. */
const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PAYLINKS_')));
const cwd = emptyDir();
const runs: Run[] = [];

function paylinks(args: ReadonlyArray<string>, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { env: { ...baseEnv, ...env }, cwd, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        const run = { code, stdout, stderr };
        runs.push(run);
        resolve(run);
      },
    );
  });
}

function envFor(line: SimLine): Record<string, string> {
  const env: Record<string, string> = { PAYLINKS_PROVIDER: line.provider };
  for (const [key, value] of Object.entries(line.credentials)) {
    env[`PAYLINKS_${envName(line.provider)}_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`] =
      String(value);
  }
  return env;
}

let simulate: ChildProcessWithoutNullStreams;
let simulateErr = '';
const sims = new Map<string, SimLine>();
const env = (provider: string): Record<string, string> => {
  const line = sims.get(provider);
  if (line === undefined) throw new Error(`no ${provider} simulator line`);
  return envFor(line);
};

beforeAll(async () => {
  if (!existsSync(bin)) {
    throw new Error(`${bin} is missing: build the CLI first (pnpm build, or pnpm tsc -b packages/cli)`);
  }
  simulate = spawn(process.execPath, [bin, 'simulate'], { env: baseEnv, cwd });
  await new Promise<void>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(
      () => reject(new Error(`paylinks simulate printed no settings:\n${simulateErr}`)),
      15_000,
    );
    const ready = () => {
      if (sims.size === providerIds.length && simulateErr.includes('Ctrl-C')) {
        clearTimeout(timer);
        resolve();
      }
    };
    simulate.stderr.on('data', (chunk: Buffer) => {
      simulateErr += chunk.toString();
      ready();
    });
    simulate.on('exit', (code) =>
      reject(new Error(`paylinks simulate exited with ${code}:\n${simulateErr}`)),
    );
    simulate.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      for (const line of buffered.split('\n').slice(0, -1)) {
        const parsed = JSON.parse(line) as SimLine;
        sims.set(parsed.provider, parsed);
      }
      buffered = buffered.slice(buffered.lastIndexOf('\n') + 1);
      ready();
    });
  });
});

afterAll(async () => {
  if (simulate !== undefined && simulate.exitCode === null) {
    simulate.kill('SIGKILL');
  }
});

const json = (run: Run) => JSON.parse(run.stdout) as Record<string, unknown>;
const createArgs = (reference: string) => [
  'create',
  '--amount',
  '12.50',
  '--currency',
  'EUR',
  '--reference',
  reference,
  '--description',
  `Invoice ${reference}`,
  '--success-url',
  'https://shop.example/thanks',
  '--failure-url',
  'https://shop.example/failed',
];

// A run of the command is a Node start and a call or two: up to 4.5 s each measured on a loaded
// 2-core machine. The heaviest test below (Conomy) runs it 8 times.
const timeout = timeBudgetMs({ cases: 8, perCaseMs: 15_000 });

describe('the built paylinks command against paylinks simulate', { timeout }, () => {
  it('starts every registered simulator and prints their settings as JSON lines', () => {
    expect([...sims.keys()]).toEqual(providerIds);
    for (const line of sims.values()) expect(line.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(simulateErr).toMatch(/PAYLINKS_PROVIDER=conomy PAYLINKS_CONOMY_API_KEY=/);
  });

  it('Cost+: create, get, watch while the payer fails once and pays; list is not supported', async () => {
    const created = await paylinks([...createArgs('bin-cp-1'), '--json'], env('costplus'));
    expect(created).toMatchObject({ code: 0, stderr: '' });
    const link = json(created);
    expect(link).toMatchObject({
      provider: 'costplus',
      amount: { amount: 1250, currency: 'EUR' },
      status: { unified: 'open' },
    });
    const shown = await paylinks(['get', link['id'] as string], env('costplus'));
    expect(shown.stdout).toMatch(/^amount +12\.50 EUR$/m);

    const watching = paylinks(
      ['watch', link['id'] as string, '--interval-ms', '50', '--timeout-ms', '20000'],
      env('costplus'),
    );
    expect((await submitCheckout(link['url'] as string, 'failure')).location).toBe(
      'https://shop.example/failed',
    );
    expect((await submitCheckout(link['url'] as string, 'success')).location).toBe(
      'https://shop.example/thanks',
    );
    const watched = await watching;
    expect(watched.code).toBe(0);
    expect(watched.stdout.trim().split('\n').at(-1)).toBe(`${String(link['id'])} is paid`);

    const list = await paylinks(['list'], env('costplus'));
    expect(list.code).toBe(2);
    expect(list.stderr).toMatch(/not supported/);
  });

  it('Conomy: create a draft, activate, list, refuse to delete an active link, delete a draft', async () => {
    const draft = json(await paylinks([...createArgs('bin-co-1'), '--json', '--draft'], env('conomy')));
    expect(draft['status']).toEqual({ unified: 'draft', raw: 'ATTEMPT' });
    const activated = await paylinks(['activate', draft['id'] as string, '--json'], env('conomy'));
    expect(json(activated)['status']).toEqual({ unified: 'open', raw: 'ACTIVE' });
    const other = json(
      await paylinks(
        [...createArgs('bin-co-2'), '--json', '--draft', '--checkout-token', 'bin-co-2-token'],
        env('conomy'),
      ),
    );
    expect(other['reference']).toBe('bin-co-2-token');

    const listed = JSON.parse(
      (await paylinks(['list', '--json', '--limit', '1'], env('conomy'))).stdout,
    ) as Array<{ id: string }>;
    expect(listed.map((l) => l.id)).toEqual(expect.arrayContaining([draft['id'], other['id']]));
    const open = await paylinks(['list', '--status', 'open'], env('conomy'));
    expect(open.stdout).toContain(String(draft['id']));
    expect(open.stdout).not.toContain(String(other['id']));

    const refused = await paylinks(['delete', draft['id'] as string], env('conomy'));
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/ConflictError/);
    expect(await paylinks(['delete', other['id'] as string], env('conomy'))).toMatchObject({
      code: 0,
      stdout: `deleted ${String(other['id'])}\n`,
    });
    expect((await paylinks(['get', other['id'] as string], env('conomy'))).code).toBe(3);
  });

  it('HSA: create, cancel, and watch ends not paid (exit 1); cancel is refused on Conomy (exit 2)', async () => {
    const link = json(
      await paylinks([...createArgs('bin-hsa-1'), '--json', '--expires-in', 'P3D'], env('hsa-provider')),
    );
    expect(link).toMatchObject({ provider: 'hsa-provider', status: { unified: 'open', raw: 'active' } });
    const cancelled = await paylinks(
      ['cancel', link['id'] as string, '--reason', 'duplicate invoice'],
      env('hsa-provider'),
    );
    expect(cancelled.stdout).toMatch(/^status +cancelled \(cancelled\)/m);
    const watched = await paylinks(['watch', link['id'] as string], env('hsa-provider'));
    expect(watched.code).toBe(1);
    expect(watched.stdout).toMatch(/is cancelled, not paid/);
    const unsupported = await paylinks(['cancel', 'x'], env('conomy'));
    expect(unsupported.code).toBe(2);
    expect(unsupported.stderr).toMatch(/^error: \[conomy\] not supported/);
  });

  it('exits 2 on bad input and prints a QR code', async () => {
    const bad = await paylinks(
      ['create', '--amount', '12.505', '--currency', 'EUR', '--reference', 'r'],
      env('hsa-provider'),
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--amount/);
    const qr = await paylinks([...createArgs('bin-qr'), '--qr'], env('hsa-provider'));
    expect(qr.code).toBe(0);
    expect(qr.stdout).toMatch(/[▀▄█]{4}/);
  });

  it('printed none of the simulators’ secrets in any command output', () => {
    const secrets = [...sims.values()].flatMap((line) =>
      Object.entries(line.credentials)
        .filter(([key]) => /key|secret|token/i.test(key))
        .map(([, value]) => String(value)),
    );
    expect(secrets.length).toBeGreaterThanOrEqual(5);
    for (const run of runs)
      for (const secret of secrets) expect(run.stdout + run.stderr).not.toContain(secret);
  });

  it('stops paylinks simulate cleanly on SIGTERM', async () => {
    simulate.removeAllListeners('exit');
    const exited = new Promise<number | null>((resolve) => simulate.once('exit', (code) => resolve(code)));
    simulate.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(simulateErr).toMatch(/simulators stopped/);
  });
});
