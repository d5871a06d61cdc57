import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startConomySimulator, type ConomySimulator } from '@paylinks/conomy/simulator';
import { startCostplusSimulator, type CostplusSimulator } from '@paylinks/costplus/simulator';
import { startHsaSimulator, type HsaSimulator } from '@paylinks/hsa-provider/simulator';
import { timeBudgetMs } from '@paylinks/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { canaries } from './support/canaries.js';
import { LeakAudit } from './support/leak-audit.js';
import { recordResult, Tally } from './support/results.js';

// Issue 7, part 5, for the command line: the built `paylinks` CLI runs as a
// subprocess with canary credentials in its environment, flags and config
// file, against the simulators; nothing it prints (stdout or stderr, success
// or failure) may contain one of them, nor a wrong key it was given.

const bin = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'packages',
  'cli',
  'dist',
  'bin.js',
);

interface Run {
  readonly name: string;
  readonly args: ReadonlyArray<string>;
  readonly env?: Readonly<Record<string, string>>;
  /** A paylinks.config.json to write in the working directory. */
  readonly configFile?: string;
  /** Exit codes that are right for this run (0 ok, 2 bad input/config, 3 provider error, 4 network). */
  readonly exit: ReadonlyArray<number>;
  /** Text stdout must contain (proves the run did what it was meant to). */
  readonly stdoutHas?: string;
  readonly stderrHas?: string;
}

interface Ran extends Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runCli(run: Run): Promise<Ran> {
  const cwd = mkdtempSync(join(tmpdir(), 'paylinks-cli-'));
  if (run.configFile !== undefined) writeFileSync(join(cwd, 'paylinks.config.json'), run.configFile);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...run.args],
      { cwd, env: { PATH: process.env['PATH'] ?? '', ...run.env }, timeout: 20_000 },
      (error, stdout, stderr) => {
        rmSync(cwd, { recursive: true, force: true });
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ ...run, code, stdout, stderr });
      },
    );
  });
}

/** CLI runs at once (the machine has two cores). */
const parallelRuns = 3;

/** Runs at most `limit` subprocesses at once. */
async function runAll(runs: ReadonlyArray<Run>, limit = parallelRuns): Promise<Ran[]> {
  const out: Ran[] = [];
  let next = 0;
  const worker = async () => {
    while (next < runs.length) {
      const run = runs[next++] as Run;
      out.push(await runCli(run));
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return out;
}

const wrong = {
  costplus: `${canaries.costplus.apiKey}_revoked`,
  conomySecret: `${canaries.conomy.clientSecret}_rotated`,
  hsa: `${canaries['hsa-provider'].apiKey}_old`,
};

/** Every CLI run of the test, against the simulators at `urls`. */
function cliRuns(urls: { readonly costplus: string; readonly conomy: string; readonly hsa: string }): Run[] {
  const costplusEnv = {
    PAYLINKS_PROVIDER: 'costplus',
    PAYLINKS_COSTPLUS_API_KEY: canaries.costplus.apiKey,
    PAYLINKS_COSTPLUS_BASE_URL: urls.costplus,
  };
  const conomyEnv = {
    PAYLINKS_PROVIDER: 'conomy',
    PAYLINKS_CONOMY_API_KEY: canaries.conomy.apiKey,
    PAYLINKS_CONOMY_CLIENT_ID: canaries.conomy.clientId,
    PAYLINKS_CONOMY_CLIENT_SECRET: canaries.conomy.clientSecret,
    PAYLINKS_CONOMY_WEBHOOK_SECRET: canaries.conomy.webhookSecret,
    PAYLINKS_CONOMY_BASE_URL: urls.conomy,
  };
  const hsaEnv = {
    PAYLINKS_PROVIDER: 'hsa-provider',
    PAYLINKS_HSA_PROVIDER_API_KEY: canaries['hsa-provider'].apiKey,
    PAYLINKS_HSA_PROVIDER_WEBHOOK_SECRET: canaries['hsa-provider'].webhookSecret,
    PAYLINKS_HSA_PROVIDER_BASE_URL: urls.hsa,
  };
  const createArgs = (reference: string, amount: string, currency: string) => [
    'create',
    '--amount',
    amount,
    '--currency',
    currency,
    '--reference',
    reference,
    '--description',
    `Invoice ${reference}`,
    '--success-url',
    'https://shop.example/thanks',
    '--json',
  ];
  return [
    {
      name: 'costplus create',
      args: createArgs('cli-1', '9.95', 'EUR'),
      env: costplusEnv,
      exit: [0],
      stdoutHas: '"provider": "costplus"',
    },
    {
      name: 'costplus get (not found)',
      args: ['get', 'no-such-link'],
      env: costplusEnv,
      exit: [3],
      stderrHas: 'NotFoundError',
    },
    {
      name: 'costplus wrong API key (401)',
      args: ['get', 'x'],
      env: { ...costplusEnv, PAYLINKS_COSTPLUS_API_KEY: wrong.costplus },
      exit: [3],
      stderrHas: 'AuthenticationError',
    },
    {
      name: 'costplus unreachable host',
      args: ['get', 'x', '--base-url', 'http://127.0.0.1:1/v1'],
      env: costplusEnv,
      exit: [4],
      stderrHas: 'NetworkError',
    },
    {
      name: 'costplus bad base URL holding the key',
      args: ['get', 'x', '--base-url', `ftp://${canaries.costplus.apiKey}@example.com`],
      env: costplusEnv,
      exit: [2],
      stderrHas: 'baseUrl',
    },
    {
      name: 'costplus amount holding the key',
      args: ['create', '--amount', canaries.costplus.apiKey, '--currency', 'EUR', '--reference', 'r'],
      env: costplusEnv,
      exit: [2],
      stderrHas: 'amount',
    },
    {
      name: 'mistyped flag with the key as its value',
      args: ['get', 'x', `--api-kee=${canaries.costplus.apiKey}`],
      env: costplusEnv,
      exit: [2],
      stderrHas: 'unknown flag',
    },
    {
      name: 'config file that is not JSON, holding the key',
      args: ['get', 'x', '--provider', 'costplus'],
      configFile: `{"provider": "costplus", "costplus": {"apiKey": "${canaries.costplus.apiKey}"`,
      exit: [2],
      stderrHas: 'not valid JSON',
    },
    {
      name: 'config file with a bad setting next to the secrets',
      args: ['get', 'x'],
      configFile: JSON.stringify({
        provider: 'conomy',
        conomy: {
          apiKey: canaries.conomy.apiKey,
          clientId: canaries.conomy.clientId,
          clientSecret: canaries.conomy.clientSecret,
          webhookSecret: canaries.conomy.webhookSecret,
          timeoutMs: canaries.conomy.clientSecret,
        },
      }),
      exit: [2],
      stderrHas: 'timeoutMs',
    },
    {
      name: 'conomy create',
      args: [...createArgs('cli-2', '49990', 'CLP'), '--checkout-token', 'cli-2'],
      env: conomyEnv,
      exit: [0],
      stdoutHas: '"provider": "conomy"',
    },
    { name: 'conomy list', args: ['list', '--json'], env: conomyEnv, exit: [0], stdoutHas: 'cli-2' },
    {
      name: 'conomy wrong client secret (flag)',
      args: ['get', 'x', '--client-secret', wrong.conomySecret],
      env: conomyEnv,
      exit: [3],
      stderrHas: 'AuthenticationError',
    },
    {
      name: 'conomy unknown access token, no client credentials',
      args: ['get', 'x', '--access-token', canaries.conomy.accessToken],
      env: {
        PAYLINKS_PROVIDER: 'conomy',
        PAYLINKS_CONOMY_API_KEY: canaries.conomy.apiKey,
        PAYLINKS_CONOMY_BASE_URL: urls.conomy,
      },
      exit: [3],
      stderrHas: 'AuthenticationError',
    },
    {
      name: 'hsa create',
      args: createArgs('cli-3', '49.95', 'USD'),
      env: hsaEnv,
      exit: [0],
      stdoutHas: '"provider": "hsa-provider"',
    },
    { name: 'hsa list', args: ['list', '--json'], env: hsaEnv, exit: [0], stdoutHas: 'cli-3' },
    {
      name: 'hsa wrong API key (flag)',
      args: ['list', '--api-key', wrong.hsa],
      env: hsaEnv,
      exit: [3],
      stderrHas: 'AuthenticationError',
    },
    {
      name: 'hsa create refused (webhook URL per link), secrets in env',
      args: [...createArgs('cli-4', '1.00', 'USD'), '--webhook-url', 'https://shop.example/hooks'],
      env: hsaEnv,
      exit: [2],
      stderrHas: 'webhookUrl',
    },
  ];
}

/**
 * Creates run first, then the rest, `parallelRuns` at a time: the waves of
 * subprocesses are the work. Measured: 2.6 s a wave on a loaded machine
 * (a Node start and one request per run).
 */
function cliBudgetMs(): number {
  const runs = cliRuns({
    costplus: 'http://127.0.0.1:1',
    conomy: 'http://127.0.0.1:1',
    hsa: 'http://127.0.0.1:1',
  });
  const creates = runs.filter((r) => r.args[0] === 'create').length;
  const waves = Math.ceil(creates / parallelRuns) + Math.ceil((runs.length - creates) / parallelRuns);
  return timeBudgetMs({ cases: waves, perCaseMs: 10_000, fixedMs: 10_000 });
}

let costplusSim: CostplusSimulator;
let conomySim: ConomySimulator;
let hsaSim: HsaSimulator;
let figures: Record<string, unknown> = {};

describe('secrets: the CLI prints none', () => {
  beforeAll(async () => {
    costplusSim = await startCostplusSimulator({ apiKey: canaries.costplus.apiKey });
    conomySim = await startConomySimulator({
      apiKey: canaries.conomy.apiKey,
      clientId: canaries.conomy.clientId,
      clientSecret: canaries.conomy.clientSecret,
      webhookSecret: canaries.conomy.webhookSecret,
    });
    hsaSim = await startHsaSimulator({
      apiKey: canaries['hsa-provider'].apiKey,
      webhookSecret: canaries['hsa-provider'].webhookSecret,
    });
  });
  afterAll(async () => {
    await Promise.all([costplusSim?.close(), conomySim?.close(), hsaSim?.close()]);
    recordResult({ section: 'secrets', subject: 'cli', figures });
  });

  it('the built CLI is there (pnpm build makes it; CI builds before testing)', () => {
    expect(existsSync(bin), `${bin} is missing: run pnpm build`).toBe(true);
  });

  it(
    'create, get, list and every kind of failure, with canary credentials in env, flags and config',
    async () => {
      const runs = cliRuns({ costplus: costplusSim.baseUrl, conomy: conomySim.baseUrl, hsa: hsaSim.baseUrl });
      // Creates first: the lists look for what they made.
      const ran = [
        ...(await runAll(runs.filter((r) => r.args[0] === 'create'))),
        ...(await runAll(runs.filter((r) => r.args[0] !== 'create'))),
      ];
      const audit = new LeakAudit();
      for (const key of Object.values(wrong)) audit.addSecret(key);
      const exits = new Tally();
      const problems: string[] = [];
      for (const r of ran) {
        exits.add(String(r.code));
        audit.text(`${r.name} stdout`, r.stdout);
        audit.text(`${r.name} stderr`, r.stderr);
        if (!r.exit.includes(r.code ?? -1))
          problems.push(
            `${r.name}: exit ${r.code}, expected ${r.exit.join(' or ')}; stderr: ${r.stderr.slice(0, 300)}`,
          );
        if (r.stdoutHas !== undefined && !r.stdout.includes(r.stdoutHas))
          problems.push(`${r.name}: stdout lacks ${r.stdoutHas}: ${r.stdout.slice(0, 300)}`);
        if (r.stderrHas !== undefined && !r.stderr.includes(r.stderrHas))
          problems.push(`${r.name}: stderr lacks ${r.stderrHas}: ${r.stderr.slice(0, 300)}`);
      }
      figures = {
        runs: ran.length,
        exitCodes: exits.toJSON(),
        outputsChecked: audit.checked,
        bytesChecked: ran.reduce((n, r) => n + r.stdout.length + r.stderr.length, 0),
        leaks: audit.leaks.length,
      };
      expect(problems).toEqual([]);
      expect(audit.leaks).toEqual([]);
    },
    cliBudgetMs(),
  );
});
