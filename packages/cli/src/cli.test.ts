import { createServer } from 'node:net';

import { startConomySimulator, type ConomySimulator } from '@paylinks/conomy/simulator';
import { envName } from '@paylinks/core';
import type { ProviderSimulator } from '@paylinks/testing';
import { startCostplusSimulator, type CostplusSimulator } from '@paylinks/costplus/simulator';
import { startHsaSimulator, type HsaSimulator } from '@paylinks/hsa-provider/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  captureIo,
  cli as runCliCaptured,
  dirWithConfig,
  type CliRun,
  type RunOptions,
} from './__tests__/capture-io.js';
import { runCli } from './cli.js';
import { simulatorCredentials } from './simulators.js';
import { providerIds } from './registry.js';

// Canary secrets: the simulators accept them, and no output may ever contain one.
const canaries = {
  costplusKey: 'canary-costplus-key-7f3a9c',
  conomyKey: 'canary-conomy-apikey-2b81',
  conomySecret: 'canary-conomy-secret-91bd4',
  conomyWebhook: 'canary-conomy-whsec-0c55',
  hsaKey: 'glm_test_canary_hsa_key_4d2e',
  hsaWebhook: 'canary-hsa-whsec-77aa1',
  wrongKey: 'canary-wrong-key-5e1f0a',
};

const outputs: CliRun[] = [];
async function cli(argv: ReadonlyArray<string>, options: RunOptions = {}): Promise<CliRun> {
  const run = await runCliCaptured(argv, options);
  outputs.push(run);
  return run;
}

/** `PAYLINKS_*` variables for a simulator, as `paylinks simulate` suggests them. */
function envFor(sim: ProviderSimulator): Record<string, string> {
  const env: Record<string, string> = { PAYLINKS_PROVIDER: sim.provider };
  for (const [key, value] of Object.entries(simulatorCredentials(sim))) {
    env[`PAYLINKS_${envName(sim.provider)}_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`] =
      String(value);
  }
  return env;
}

const json = (run: CliRun) => JSON.parse(run.stdout) as Record<string, unknown>;

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let costplusSim: CostplusSimulator;
let conomySim: ConomySimulator;
let hsaSim: HsaSimulator;
let costplusEnv: Record<string, string>;
let conomyEnv: Record<string, string>;
let hsaEnv: Record<string, string>;

beforeAll(async () => {
  [costplusSim, conomySim, hsaSim] = await Promise.all([
    startCostplusSimulator({ apiKey: canaries.costplusKey }),
    startConomySimulator({
      apiKey: canaries.conomyKey,
      clientSecret: canaries.conomySecret,
      webhookSecret: canaries.conomyWebhook,
    }),
    startHsaSimulator({
      apiKey: canaries.hsaKey,
      webhookSecret: canaries.hsaWebhook,
      rateLimitPerMinute: 10_000,
    }),
  ]);
  costplusEnv = envFor(costplusSim);
  conomyEnv = envFor(conomySim);
  hsaEnv = envFor(hsaSim);
});

afterAll(async () => {
  await Promise.all([costplusSim.close(), conomySim.close(), hsaSim.close()]);
});

const createArgs = (reference: string) => [
  'create',
  '--amount',
  '9.95',
  '--currency',
  'EUR',
  '--reference',
  reference,
];

describe('arguments', () => {
  it('prints the overview and each command help, exit 0; no command at all is exit 2 after the overview', async () => {
    const overview = await cli(['help']);
    expect(overview.code).toBe(0);
    expect(overview.stdout).toContain('Usage: paylinks <command>');
    const bare = await cli([]);
    expect(bare).toMatchObject({ code: 2, stdout: '' });
    expect(bare.stderr).toContain('Usage: paylinks <command>');
    const help = await cli(['help', 'create']);
    expect(help.stdout).toContain('--amount DECIMAL');
    expect((await cli(['watch', '--help'])).stdout).toContain('Usage: paylinks watch ID');
    expect((await cli(['help', 'nope'])).code).toBe(2);
  });

  it('refuses an unknown command or flag, naming it and the closest one, with exit 2', async () => {
    const command = await cli(['pay']);
    expect(command).toMatchObject({ code: 2, stdout: '' });
    expect(command.stderr).toBe('error: unknown command "pay" (see paylinks help)\n');
    expect((await cli(['craete'])).stderr).toBe(
      'error: unknown command "craete"; did you mean create? (see paylinks help)\n',
    );
    expect((await cli(['help', 'lsit'])).stderr).toMatch(
      /^error: unknown command "lsit"; did you mean list\?/,
    );
    const flag = await cli([...createArgs('inv-x'), '--colour', 'red'], { env: costplusEnv });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toBe(
      'error: unknown flag --colour for "paylinks create" (see paylinks help create)\n',
    );
    expect((await cli([...createArgs('inv-x'), '--refrence', 'r'], { env: costplusEnv })).stderr).toBe(
      'error: unknown flag --refrence for "paylinks create"; did you mean --reference? (see paylinks help create)\n',
    );
    expect((await cli(['list', '--limt', '2'], { env: conomyEnv })).stderr).toBe(
      'error: unknown flag --limt for "paylinks list"; did you mean --limit? (see paylinks help list)\n',
    );
    expect((await cli(['--verbose'])).stderr).toContain('unknown flag --verbose');
  });

  it('names a missing value, a missing argument and an extra one', async () => {
    expect((await cli(['create', '--amount'], { env: costplusEnv })).stderr).toBe(
      'error: --amount needs a value\n',
    );
    expect((await cli(['get'], { env: costplusEnv })).stderr).toBe(
      'error: missing argument ID: usage: paylinks get ID\n',
    );
    expect((await cli(['get', 'a', 'b'], { env: costplusEnv })).stderr).toBe(
      'error: unexpected argument "b" for "paylinks get"\n',
    );
    expect(
      (await cli(['create', '--currency', 'EUR', '--reference', 'r'], { env: costplusEnv })).stderr,
    ).toBe('error: missing --amount (e.g. --amount 9.95)\n');
    expect((await cli(['list', '--limit', 'ten'], { env: conomyEnv })).stderr).toBe(
      'error: --limit must be a whole number, got "ten"\n',
    );
  });

  it('says how to choose a provider when none is configured', async () => {
    const run = await cli(['get', 'x']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `no provider: pass --provider (${providerIds.join(', ')}), set PAYLINKS_PROVIDER`,
    );
  });
});

describe('configuration', () => {
  it('uses flags over environment over paylinks.config.json', async () => {
    const created = await cli(createArgs('inv-precedence'), { env: costplusEnv });
    const id = (
      json(await cli(['get', extractId(created.stdout), '--json'], { env: costplusEnv })) as { id: string }
    ).id;
    const dead = `http://127.0.0.1:${await closedPort()}/v1`;
    const cwd = dirWithConfig({
      provider: 'conomy',
      costplus: { apiKey: canaries.wrongKey, baseUrl: dead, retry: { maxRetries: 0 } },
    });
    // The file alone: wrong provider, then (with --provider) a dead base URL.
    expect((await cli(['get', id], { cwd })).code).toBe(2);
    expect((await cli(['get', id, '--provider', 'costplus'], { cwd })).code).toBe(4);
    // The environment's base URL and key win over the file's; the file still gives the retry policy.
    const env = {
      PAYLINKS_COSTPLUS_BASE_URL: costplusSim.baseUrl,
      PAYLINKS_COSTPLUS_API_KEY: canaries.costplusKey,
    };
    expect((await cli(['get', id, '--provider', 'costplus'], { cwd, env })).code).toBe(0);
    // A flag wins over the environment.
    const flagged = await cli(['get', id, '--provider', 'costplus', '--api-key', canaries.wrongKey], {
      cwd,
      env,
    });
    expect(flagged.code).toBe(3);
    expect(flagged.stderr).toMatch(/AuthenticationError/);
  });

  it('names the setting the adapter refuses and where to give it', async () => {
    const run = await cli(['list', '--provider', 'conomy', '--api-key', 'k', '--client-id', 'id']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/conomy\.clientSecret/);
    expect(run.stderr).toMatch(/--client-secret, PAYLINKS_CONOMY_CLIENT_SECRET/);
    const flag = await cli(['get', 'x', '--webhook-secret', 'abc123'], { env: costplusEnv });
    expect(flag.stderr).toBe(
      'error: --webhook-secret does not apply to costplus (it is for conomy, hsa-provider)\n',
    );
  });
});

function extractId(table: string): string {
  const id = /^id +(\S+)$/m.exec(table)?.[1];
  if (id === undefined) throw new Error(`no id in:\n${table}`);
  return id;
}

describe('create', () => {
  it('creates a link from a decimal amount and prints it as a table, JSON, or with a QR code', async () => {
    const table = await cli([...createArgs('inv-1'), '--description', 'Invoice 1', '--expires-in', 'P7D'], {
      env: costplusEnv,
    });
    expect(table).toMatchObject({ code: 0, stderr: '' });
    expect(table.stdout).toMatch(/^provider +costplus$/m);
    expect(table.stdout).toMatch(/^amount +9\.95 EUR$/m);
    expect(table.stdout).toMatch(/^status +open \(new\)/m);
    expect(costplusSim.link(extractId(table.stdout))).toMatchObject({ amount: 995, currency: 'EUR' });

    const encoded = json(
      await cli([...createArgs('inv-2'), '--json', '--expires-at', '2099-01-01T00:00:00Z'], {
        env: costplusEnv,
      }),
    );
    expect(encoded).toMatchObject({
      provider: 'costplus',
      reference: 'inv-2',
      amount: { amount: 995, currency: 'EUR' },
    });
    expect(encoded['createdAt']).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(encoded['raw']).toMatchObject({ merchant_order_id: 'inv-2' });

    const qr = await cli([...createArgs('inv-3'), '--qr'], { env: costplusEnv });
    expect(qr.code).toBe(0);
    expect(qr.stdout).toMatch(/[▀▄█]{4}/);
  });

  it('converts amounts exactly, in the currency of --currency', async () => {
    const clp = json(
      await cli(['create', '--amount', '49990', '--currency', 'CLP', '--reference', 'clp-1', '--json'], {
        env: costplusEnv,
      }),
    );
    expect(clp['amount']).toEqual({ amount: 49990, currency: 'CLP' });
    const kwd = json(
      await cli(['create', '--amount', '1.250', '--currency', 'KWD', '--reference', 'kwd-1', '--json'], {
        env: costplusEnv,
      }),
    );
    expect(kwd['amount']).toEqual({ amount: 1250, currency: 'KWD' });
  });

  it('refuses bad input naming the flag, exit 2, before sending anything', async () => {
    const before = costplusSim.stats().apiRequests;
    const cases: Array<[string[], RegExp]> = [
      [
        ['create', '--amount', '9.955', '--currency', 'EUR', '--reference', 'r'],
        /^error: --amount "9\.955" has more decimals than EUR allows \(2\)$/,
      ],
      [
        ['create', '--amount', '9,95', '--currency', 'EUR', '--reference', 'r'],
        /^error: --amount must be a decimal string/,
      ],
      [
        ['create', '--amount', '0', '--currency', 'EUR', '--reference', 'r'],
        /^error: \[costplus\] --amount must be a whole number greater than zero, got 0 \(amount\.amount\)$/,
      ],
      [['create', '--amount', '1', '--currency', 'euro', '--reference', 'r'], /^error: --currency/],
      [
        [...createArgs('r'), '--success-url', 'not a url'],
        /^error: \[costplus\] --success-url must be an absolute http\(s\) URL/,
      ],
      [[...createArgs('r'), '--expires-at', '2001-01-01T00:00:00Z'], /^error: \[costplus\] --expires-at/],
      [
        [...createArgs('r'), '--expires-in', 'P7D', '--expires-at', '2099-01-01T00:00:00Z'],
        /exclude each other/,
      ],
      [[...createArgs('r'), '--customer-email', 'nobody'], /^error: \[costplus\] --customer-email/],
      [
        [...createArgs('r'), '--checkout-token', 't'],
        /^error: --checkout-token is a Conomy option; costplus does not take it$/,
      ],
    ];
    for (const [argv, message] of cases) {
      const run = await cli(argv, { env: costplusEnv });
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stderr.trim(), argv.join(' ')).toMatch(message);
    }
    expect(costplusSim.stats().apiRequests).toBe(before);
  });

  it("maps an adapter's refusal back to the flag", async () => {
    const run = await cli([...createArgs('inv-hook'), '--webhook-url', 'https://shop.example/hooks'], {
      env: conomyEnv,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: \[conomy\] --webhook-url is not supported \(.*dashboard\)/);
  });
});

describe('check', () => {
  const input = ['--amount', '9.95', '--currency', 'EUR', '--reference', 'inv-check'];

  it('prints every problem of every provider at once, sending nothing, exit 2', async () => {
    const before = [costplusSim, conomySim, hsaSim].map((sim) => sim.stats().apiRequests);
    const run = await cli(
      [
        'check',
        '--provider',
        'costplus,conomy,hsa-provider',
        ...input,
        '--webhook-url',
        'https://shop.example/h',
      ],
      { env: costplusEnv },
    );
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr.split('\n')).toEqual([
      'error: 4 problems:',
      '  [conomy] --webhook-url is not supported (Conomy posts to the one URL registered per environment in its dashboard) (webhookUrl)',
      '  [hsa-provider] --description is required (the checkout page shows it)',
      '  [hsa-provider] --success-url is required (success_url: where the payer lands after paying) (successUrl)',
      '  [hsa-provider] --webhook-url is not supported (register the endpoint in the dashboard, Settings → Webhooks) (webhookUrl)',
      '',
    ]);
    expect([costplusSim, conomySim, hsaSim].map((sim) => sim.stats().apiRequests)).toEqual(before);
  });

  it('says every provider takes a portable input, exit 0; without --provider it checks the configured one', async () => {
    const portable = [...input, '--description', 'Invoice', '--success-url', 'https://shop.example/ok'];
    const all = await cli(['check', '--provider', 'costplus,conomy,hsa-provider', ...portable]);
    expect(all).toMatchObject({
      code: 0,
      stdout: 'ok: costplus, conomy, hsa-provider all take this input\n',
    });
    const configured = await cli(['check', ...input], { env: hsaEnv });
    expect(configured.code).toBe(2);
    expect(configured.stderr).toMatch(/^error: \[hsa-provider\] 2 problems:\n {2}--description is required/);
    expect((await cli(['check', '--provider', 'costplux', ...input])).stderr).toMatch(
      /^error: --provider: unknown provider "costplux"; did you mean costplus\?/,
    );
  });

  it('with --json, prints the error as JSON on stderr: every issue with its provider, field, flag and message', async () => {
    const run = await cli(['check', '--provider', 'costplus,hsa-provider', ...input, '--json']);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    const { error } = JSON.parse(run.stderr) as { error: Record<string, unknown> };
    expect(error).toMatchObject({ _tag: 'ValidationError', field: 'description', flag: '--description' });
    expect(error['issues']).toEqual([
      {
        provider: 'hsa-provider',
        field: 'description',
        flag: '--description',
        message: 'description is required (the checkout page shows it)',
      },
      {
        provider: 'hsa-provider',
        field: 'successUrl',
        flag: '--success-url',
        message: 'successUrl is required (success_url: where the payer lands after paying)',
      },
    ]);
  });
});

describe('--json errors', () => {
  it('puts every failure on stderr as {error: {_tag, provider, field, message}}', async () => {
    const refused = await cli([...createArgs('r'), '--success-url', 'nope', '--json'], { env: costplusEnv });
    expect(refused).toMatchObject({ code: 2, stdout: '' });
    expect(JSON.parse(refused.stderr)).toMatchObject({
      error: { _tag: 'ValidationError', provider: 'costplus', field: 'successUrl', flag: '--success-url' },
    });
    const missing = await cli(['get', '00000000-0000-4000-8000-000000000000', '--json'], {
      env: costplusEnv,
    });
    expect(missing.code).toBe(3);
    expect(JSON.parse(missing.stderr)).toMatchObject({
      error: { _tag: 'NotFoundError', provider: 'costplus', httpStatus: 404 },
    });
    const usage = await cli(['list', '--json', '--max', 'x'], { env: conomyEnv });
    expect(JSON.parse(usage.stderr)).toEqual({
      error: { _tag: 'CliError', message: '--max must be a whole number, got "x"', exitCode: 2 },
    });
  });
});

describe('terminal output', () => {
  const ansi = /\x1b\[/;

  it('draws the QR code with ANSI only on a terminal without NO_COLOR', async () => {
    const terminal = await cli([...createArgs('qr-tty'), '--qr'], { env: costplusEnv, tty: true });
    expect(terminal.stdout).toMatch(ansi);
    const noColor = await cli([...createArgs('qr-no-color'), '--qr'], {
      env: { ...costplusEnv, NO_COLOR: '1' },
      tty: true,
    });
    const piped = await cli([...createArgs('qr-piped'), '--qr'], { env: costplusEnv });
    const jsonQr = await cli([...createArgs('qr-json'), '--qr', '--json'], { env: costplusEnv });
    for (const run of [noColor, piped, jsonQr]) {
      expect(run.code).toBe(0);
      expect(run.stdout + run.stderr).not.toMatch(ansi);
      expect(run.stdout + run.stderr).toMatch(/[▀▄█]{4}/);
    }
  });

  it('tells how to activate a Conomy draft', async () => {
    const run = await cli([...createArgs('draft-hint'), '--draft'], { env: conomyEnv });
    const id = /^id +(\S+)$/m.exec(run.stdout)?.[1];
    expect(run.stdout).toContain(
      `${id} is a draft: nobody can pay it until you run  paylinks activate ${id}`,
    );
    const open = await cli(createArgs('no-draft-hint'), { env: conomyEnv });
    expect(open.stdout).toMatch(/^status +open \(ACTIVE\)$/m);
    expect(open.stdout).not.toContain('paylinks activate');
  });
});

describe('operations', () => {
  it('says so when the provider lacks an operation, exit 2', async () => {
    for (const argv of [['list'], ['cancel', 'x'], ['activate', 'x'], ['delete', 'x']]) {
      const run = await cli(argv, { env: costplusEnv });
      expect(run.code, argv[0]).toBe(2);
      expect(run.stderr).toMatch(
        new RegExp(`^error: \\[costplus\\] not supported: costplus has no ${argv[0]} operation`),
      );
    }
  });

  it('exits 3 on provider errors and 4 on network errors', async () => {
    const notFound = await cli(['get', '00000000-0000-4000-8000-000000000000'], { env: costplusEnv });
    expect(notFound.code).toBe(3);
    expect(notFound.stderr).toMatch(/^error: \[costplus\] NotFoundError: .*\(HTTP 404/);
    const cwd = dirWithConfig({ costplus: { retry: { maxRetries: 0 } } });
    costplusSim.faults.inject({ kind: 'status', status: 429, retryAfterSeconds: 7 });
    const limited = await cli(['get', 'x'], { env: costplusEnv, cwd });
    expect(limited).toMatchObject({ code: 3 });
    expect(limited.stderr).toMatch(/RateLimitError: .*retry in 7 s/);
    costplusSim.faults.inject({ kind: 'status', status: 503 });
    expect((await cli(['get', 'x'], { env: costplusEnv, cwd })).stderr).toMatch(/ProviderError/);
    costplusSim.faults.inject({ kind: 'malformed' });
    expect((await cli(['get', 'x'], { env: costplusEnv, cwd })).stderr).toMatch(/DecodeError/);
    const offline = await cli(['get', 'x', '--base-url', `http://127.0.0.1:${await closedPort()}/v1`], {
      env: costplusEnv,
      cwd,
    });
    expect(offline.code).toBe(4);
    expect(offline.stderr).toMatch(/NetworkError/);
  });

  it('creates, activates, lists every page, and deletes on Conomy', async () => {
    const ids: string[] = [];
    for (const n of [1, 2, 3, 4, 5]) {
      const created = json(
        await cli([...createArgs(`list-${n}`), '--json', '--draft', '--customer-email', 'list@example.com'], {
          env: conomyEnv,
        }),
      );
      expect(created['status']).toEqual({ unified: 'draft', raw: 'ATTEMPT' });
      expect(created['reference']).toBe(`list-${n}`);
      ids.push(created['id'] as string);
    }
    const activated = await cli(['activate', ids[0] as string], { env: conomyEnv });
    expect(activated.stdout).toMatch(/^status +open \(ACTIVE\)$/m);

    const all = JSON.parse(
      (
        await cli(['list', '--limit', '2', '--json', '--customer-email', 'list@example.com'], {
          env: conomyEnv,
        })
      ).stdout,
    ) as Array<{ id: string }>;
    expect(all.map((l) => l.id).sort()).toEqual([...ids].sort());
    const limited = JSON.parse(
      (await cli(['list', '--limit', '2', '--max', '3', '--json'], { env: conomyEnv })).stdout,
    ) as unknown[];
    expect(limited).toHaveLength(3);
    const open = await cli(['list', '--status', 'open', '--customer-email', 'list@example.com'], {
      env: conomyEnv,
    });
    expect(open.stdout.split('\n')[0]).toMatch(/^ID +REFERENCE +STATUS +RAW +AMOUNT/);
    expect(open.stdout).toContain(ids[0]);
    expect(open.stdout).not.toContain(ids[1]);
    expect((await cli(['list', '--status', 'opened'], { env: conomyEnv })).stderr).toMatch(
      /^error: --status: "opened" is not a status/,
    );

    expect(await cli(['delete', ids[1] as string], { env: conomyEnv })).toMatchObject({
      code: 0,
      stdout: `deleted ${ids[1]}\n`,
    });
    const active = await cli(['delete', ids[0] as string], { env: conomyEnv });
    expect(active.code).toBe(3);
    expect(active.stderr).toMatch(/ConflictError/);
    expect((await cli(['get', ids[1] as string], { env: conomyEnv })).code).toBe(3);
  });

  it('cancels an HSA link with a reason, and refuses to cancel it twice', async () => {
    const created = json(
      await cli(
        [
          ...createArgs('hsa-1'),
          '--description',
          'Visit',
          '--success-url',
          'https://shop.example/ok',
          '--json',
        ],
        { env: hsaEnv },
      ),
    );
    const cancelled = await cli(['cancel', created['id'] as string, '--reason', 'customer asked'], {
      env: hsaEnv,
    });
    expect(cancelled.code).toBe(0);
    expect(cancelled.stdout).toMatch(/^status +cancelled \(cancelled\)/m);
    expect(cancelled.stdout).toMatch(/^cancellation +customer asked$/m);
    const again = await cli(['cancel', created['id'] as string], { env: hsaEnv });
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/ConflictError/);
  });
});

describe('watch', () => {
  async function openLink(reference: string): Promise<{ id: string; url: string }> {
    const link = json(await cli([...createArgs(reference), '--json'], { env: costplusEnv }));
    return { id: link['id'] as string, url: link['url'] as string };
  }

  it('follows a link until paid, one line per change, exit 0', async () => {
    const link = await openLink('watch-paid');
    const watching = cli(['watch', link.id, '--interval-ms', '20', '--timeout-ms', '10000'], {
      env: costplusEnv,
    });
    await costplusSim.checkout(link.url, 'failure');
    await costplusSim.checkout(link.url, 'success');
    const run = await watching;
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.at(-1)).toBe(`${link.id} is paid`);
    expect(lines.at(-2)).toMatch(/ paid \(completed\)/);
    expect(new Set(lines).size).toBe(lines.length);
  });

  it('rewrites one status line on a terminal', async () => {
    const link = await openLink('watch-tty');
    const watching = cli(['watch', link.id, '--interval-ms', '20'], { env: costplusEnv, tty: true });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await costplusSim.checkout(link.url, 'success');
    const run = await watching;
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith('\r\x1b[2K')).toBe(true);
    expect(run.stdout).toMatch(/\r\x1b\[2K\S+ {2}paid \(completed\)[^\n]*\n/);
  });

  it('prints one line per change, no ANSI, on a terminal with NO_COLOR set', async () => {
    const link = await openLink('watch-no-color');
    const watching = cli(['watch', link.id, '--interval-ms', '20'], {
      env: { ...costplusEnv, NO_COLOR: '1' },
      tty: true,
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await costplusSim.checkout(link.url, 'success');
    const run = await watching;
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/\x1b|\r/);
    expect(run.stdout.trim().split('\n').at(-1)).toBe(`${link.id} is paid`);
  });

  it('exits 1 when the link ends without payment and 4 on timeout', async () => {
    const expiring = await openLink('watch-expired');
    costplusSim.clock.advance(31 * 24 * 3600 * 1000);
    const expired = await cli(['watch', expiring.id, '--json'], { env: costplusEnv });
    expect(expired.code).toBe(1);
    expect(json(expired)['status']).toMatchObject({ unified: 'expired' });
    const waiting = await openLink('watch-timeout');
    const timedOut = await cli(['watch', waiting.id, '--interval-ms', '10', '--timeout-ms', '50'], {
      env: costplusEnv,
    });
    expect(timedOut.code).toBe(4);
    expect(timedOut.stderr).toMatch(/^error: timed out after 50 ms: \S+ is still open \(new\)/);
  });
});

describe('simulate', () => {
  // Work: two simulators started and one CLI get through them; 60 s leaves room for a saturated
  // machine (it used up the default 20 s once at load average 23).
  it(
    'prints one JSON line per simulator, on consecutive ports with --port, and stops on signal',
    { timeout: 60_000 },
    async () => {
      const controller = new AbortController();
      const port = await closedPort();
      const { io, stdout, stderr } = captureIo({ signal: controller.signal });
      const running = runCli(['simulate', 'conomy', 'costplus', '--port', String(port)], io);
      let ended: number | undefined;
      void running.then((code) => (ended = code));
      while (stdout().split('\n').length < 3) {
        // A simulator that could not start (a port taken meanwhile) ends the command: say so, not a timeout.
        if (ended !== undefined) throw new Error(`simulate ended with ${ended} before printing: ${stderr()}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      // Up and answering: a get through the printed settings reaches the simulator.
      const first = JSON.parse(stdout().split('\n')[1] as string) as {
        baseUrl: string;
        credentials: Record<string, unknown>;
      };
      const answered = await cli([
        'get',
        'nope',
        '--provider',
        'costplus',
        '--api-key',
        String(first.credentials['apiKey']),
        '--base-url',
        first.baseUrl,
      ]);
      expect(answered.stderr).toMatch(/NotFoundError/);
      controller.abort();
      const run = { code: await running, stdout: stdout(), stderr: stderr() };
      outputs.push(run);
      expect(run.code).toBe(0);
      const lines = run.stdout
        .trim()
        .split('\n')
        .map(
          (l) => JSON.parse(l) as { provider: string; baseUrl: string; credentials: Record<string, unknown> },
        );
      expect(lines.map((l) => l.provider)).toEqual(['conomy', 'costplus']);
      expect(lines[0]?.baseUrl).toBe(`http://127.0.0.1:${port}/sandbox`);
      expect(lines[1]?.baseUrl).toBe(`http://127.0.0.1:${port + 1}/v1`);
      expect(lines[0]?.credentials).toMatchObject({ apiKey: 'sim_test_key', clientId: 'sim_client_id' });
      expect(lines[0]?.credentials['now']).toBeUndefined();
      expect(run.stderr).toMatch(/PAYLINKS_PROVIDER=costplus PAYLINKS_COSTPLUS_API_KEY=sim_test_key/);
      expect(run.stderr).toMatch(/simulators stopped/);
    },
  );

  it('refuses an unknown provider', async () => {
    const run = await cli(['simulate', 'stripe']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`error: unknown provider "stripe": simulate takes ${providerIds.join(', ')}\n`);
  });
});

describe('secret hygiene', () => {
  it('never printed a secret, on success or failure', async () => {
    // A few more failures that handle secrets: refused credentials on each provider.
    await cli(['get', 'x', '--api-key', canaries.wrongKey], { env: costplusEnv });
    await cli(['get', 'x', '--client-secret', canaries.wrongKey], { env: conomyEnv });
    await cli(['get', 'plink_x', '--api-key', `glm_test_${canaries.wrongKey}`], { env: hsaEnv });
    await cli(['get', 'x', '--json'], {
      env: { ...conomyEnv, PAYLINKS_CONOMY_ACCESS_TOKEN: canaries.wrongKey },
    });
    expect(outputs.length).toBeGreaterThan(40);
    for (const run of outputs) {
      for (const secret of Object.values(canaries)) {
        expect(run.stdout).not.toContain(secret);
        expect(run.stderr).not.toContain(secret);
      }
    }
  });
});
