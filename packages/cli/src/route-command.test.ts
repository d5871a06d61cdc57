import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { cli, emptyDir } from './__tests__/capture-io.js';

const routes = {
  rules: [
    { name: 'vip-merchant', when: { merchant: ['m-vip'] }, use: ['hsa-provider'] },
    { name: 'chilean-pesos', when: { currency: ['CLP'] }, use: ['conomy', 'hsa-provider'] },
    { name: 'euros', when: { currency: ['EUR'] }, use: ['costplus', 'hsa-provider'] },
  ],
  fallback: ['hsa-provider'],
};

function dirWithRoutes(content: unknown): string {
  const dir = emptyDir();
  writeFileSync(join(dir, 'routes.json'), typeof content === 'string' ? content : JSON.stringify(content));
  return dir;
}

// A portable input (what every shipped provider takes), so only the rules decide the order.
const portable = ['--description', 'Invoice 1', '--success-url', 'https://shop.example/ok'];
const clp = ['--amount', '49990', '--currency', 'CLP', '--reference', 'inv-1', ...portable];

describe('paylinks route', () => {
  it('prints the order a routed create would try and why every other provider is skipped', async () => {
    const run = await cli(['route', '--config', 'routes.json', ...clp], { cwd: dirWithRoutes(routes) });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'route: rule "chilean-pesos"',
        'try, in order: conomy, hsa-provider',
        'skipped:',
        '  costplus  not-in-route: rule chilean-pesos uses conomy, hsa-provider',
        'rules looked at:',
        '  ✗ vip-merchant: no merchantId given',
        '  ✓ chilean-pesos',
        '',
      ].join('\n'),
    );
    expect(run.stderr).toBe('');
  });

  it('matches on the merchant, and prints JSON with --json', async () => {
    const run = await cli(['route', '--config', 'routes.json', ...clp, '--merchant', 'm-vip', '--json'], {
      cwd: dirWithRoutes(routes),
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      source: 'rule',
      rule: 'vip-merchant',
      order: ['hsa-provider'],
      rules: [{ rule: 'vip-merchant', matched: true, unmet: [] }],
    });
  });

  it('shows providers that cannot take the input, and exits 2 when none would be tried', async () => {
    const run = await cli(
      ['route', '--config', 'routes.json', ...clp, '--webhook-url', 'https://shop.example/hooks'],
      { cwd: dirWithRoutes(routes) },
    );
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('try, in order: (no provider)');
    expect(run.stdout).toContain(
      'conomy        cannot-take-input: conomy cannot take this input: webhookUrl is not supported',
    );
    expect(run.stderr).toBe('error: no provider would be tried for this input\n');
  });

  it('uses the fallback when no rule matches', async () => {
    const run = await cli(
      [
        'route',
        '--config',
        'routes.json',
        '--amount',
        '12.00',
        '--currency',
        'USD',
        '--reference',
        'x',
        ...portable,
      ],
      { cwd: dirWithRoutes(routes) },
    );
    expect(run.stdout.split('\n').slice(0, 2)).toEqual([
      'route: the fallback (no rule matched)',
      'try, in order: hsa-provider',
    ]);
  });

  it.each([
    [[], dirWithRoutes(routes), 'error: missing --config (the routing file, e.g. --config routes.json)'],
    [['--config', 'nope.json'], dirWithRoutes(routes), 'error: --config: no file at'],
    [
      ['--config', 'routes.json'],
      dirWithRoutes('{"rules": ['),
      'error: --config routes.json: not valid JSON',
    ],
    [
      ['--config', 'routes.json'],
      dirWithRoutes({ rules: [{ name: 'x', when: { currencey: ['EUR'] }, use: ['costplus'] }] }),
      'error: --config routes.json: rules.0.when.currencey must be left out',
    ],
    [
      ['--config', 'routes.json'],
      dirWithRoutes({ rules: [{ name: 'x', use: ['stripe'] }] }),
      'error: --config routes.json: rules.0.use.0 names "stripe", which is not one of the router\'s providers',
    ],
  ])('refuses a bad routing file: %j', async (flags, cwd, message) => {
    const run = await cli(['route', ...flags, ...clp], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('takes metadata and country for rules to match on', async () => {
    const cwd = dirWithRoutes({
      rules: [
        { name: 'pos-chile', when: { country: ['CL'], metadata: { channel: 'pos' } }, use: ['conomy'] },
      ],
    });
    const matched = await cli(
      ['route', '--config', 'routes.json', ...clp, '--country', 'CL', '--metadata', 'channel=pos'],
      { cwd },
    );
    expect(matched.stdout).toContain('route: rule "pos-chile"');
    const bad = await cli(['route', '--config', 'routes.json', ...clp, '--metadata', 'channel'], { cwd });
    expect(bad.stderr).toBe('error: --metadata takes key=value, got "channel"\n');
  });

  it('has help', async () => {
    const run = await cli(['route', '--help']);
    expect(run.stdout).toContain('Usage: paylinks route --config routes.json');
    expect((await cli(['help'])).stdout).toContain('route --config FILE');
  });

  it.each(['__proto__', 'constructor', 'toString'])(
    'takes --metadata %s=yes as an own key: a rule on it matches, and one without it does not (issue 20, finding 10)',
    async (key) => {
      const flagged = {
        rules: [{ name: 'flagged', when: { metadata: { [key]: 'yes' } }, use: ['hsa-provider'] }],
        fallback: ['conomy'],
      };
      const dir = dirWithRoutes(flagged);
      const withKey = await cli(
        ['route', '--config', 'routes.json', ...clp, '--metadata', `${key}=yes`, '--json'],
        {
          cwd: dir,
        },
      );
      expect(JSON.parse(withKey.stdout)).toMatchObject({ source: 'rule', rule: 'flagged' });
      const without = await cli(['route', '--config', 'routes.json', ...clp, '--json'], { cwd: dir });
      expect(JSON.parse(without.stdout)).toMatchObject({ source: 'fallback' });
    },
  );
});
