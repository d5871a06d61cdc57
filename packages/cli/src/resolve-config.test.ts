import { describe, expect, it } from 'vitest';

import { dirWithConfig, emptyDir } from './__tests__/capture-io.js';
import { knownSecrets, openClient, resolveConfig } from './resolve-config.js';
import { expectLeft, expectRight } from '@paylinks/testing';
import { providerIds } from './registry.js';

describe('resolveConfig', () => {
  const file = {
    provider: 'costplus',
    costplus: { apiKey: 'file-key', baseUrl: 'http://file.example/v1', timeoutMs: 5000 },
    conomy: { apiKey: 'file-conomy-key', clientId: 'file-id', clientSecret: 'file-secret' },
  };

  it('takes each setting from flags, then environment, then paylinks.config.json', () => {
    const cwd = dirWithConfig(file);
    expect(expectRight(resolveConfig({}, {}, cwd)).config).toEqual({
      provider: 'costplus',
      costplus: file.costplus,
    });
    const env = { PAYLINKS_COSTPLUS_API_KEY: 'env-key', PAYLINKS_COSTPLUS_BASE_URL: 'http://env.example/v1' };
    expect(expectRight(resolveConfig({}, env, cwd)).config).toEqual({
      provider: 'costplus',
      costplus: { apiKey: 'env-key', baseUrl: 'http://env.example/v1', timeoutMs: 5000 },
    });
    expect(expectRight(resolveConfig({ 'api-key': 'flag-key' }, env, cwd)).config).toEqual({
      provider: 'costplus',
      costplus: { apiKey: 'flag-key', baseUrl: 'http://env.example/v1', timeoutMs: 5000 },
    });
  });

  it('picks the provider from --provider, then PAYLINKS_PROVIDER, then the file', () => {
    const cwd = dirWithConfig(file);
    expect(expectRight(resolveConfig({}, { PAYLINKS_PROVIDER: 'conomy' }, cwd)).provider).toBe('conomy');
    expect(
      expectRight(resolveConfig({ provider: 'hsa-provider' }, { PAYLINKS_PROVIDER: 'conomy' }, cwd)).provider,
    ).toBe('hsa-provider');
    expect(expectRight(resolveConfig({}, { PAYLINKS_PROVIDER: '' }, cwd)).provider).toBe('costplus');
  });

  it('reads the file named by --config, relative to the working directory', () => {
    const cwd = dirWithConfig({ provider: 'conomy', conomy: file.conomy });
    expect(expectRight(resolveConfig({ config: 'paylinks.config.json' }, {}, cwd)).config).toEqual({
      provider: 'conomy',
      conomy: file.conomy,
    });
    expect(expectLeft(resolveConfig({ config: 'missing.json' }, {}, cwd)).message).toMatch(
      /^--config: no file at .*missing\.json$/,
    );
  });

  it('says where to set the provider when none is given, and refuses an unknown one naming its source', () => {
    expect(expectLeft(resolveConfig({}, {}, emptyDir())).message).toMatch(
      /--provider.*PAYLINKS_PROVIDER.*paylinks\.config\.json/,
    );
    expect(expectLeft(resolveConfig({ provider: 'stripe' }, {}, emptyDir())).message).toMatch(
      new RegExp(`^--provider must be one of ${providerIds.join(', ')}, got "stripe"`),
    );
    expect(expectLeft(resolveConfig({}, { PAYLINKS_PROVIDER: 'paypal' }, emptyDir())).message).toMatch(
      /^PAYLINKS_PROVIDER must/,
    );
  });

  it('refuses a flag the provider has no setting for', () => {
    expect(
      expectLeft(resolveConfig({ provider: 'costplus', 'client-id': 'x' }, {}, emptyDir())).message,
    ).toBe('--client-id does not apply to costplus (it is for conomy)');
  });

  it('refuses a config file that is not JSON without quoting it (it may hold a secret)', () => {
    const cwd = dirWithConfig('{"provider": "costplus", "costplus": {"apiKey": "canary-file-secret-1"');
    const message = expectLeft(resolveConfig({}, {}, cwd)).message;
    expect(message).toBe('paylinks.config.json: not valid JSON');
    expect(expectLeft(resolveConfig({}, {}, dirWithConfig('[1]'))).message).toMatch(/expected an object/);
  });

  it('names the missing setting and where to give it when the adapter refuses the settings', () => {
    const resolved = expectRight(
      resolveConfig({ provider: 'conomy', 'api-key': 'k', 'client-id': 'id' }, {}, emptyDir()),
    );
    const message = expectLeft(openClient(resolved)).message;
    expect(message).toContain('conomy.clientSecret');
    expect(message).toContain(
      '--client-secret, PAYLINKS_CONOMY_CLIENT_SECRET, or "conomy": { "clientSecret": ... }',
    );
  });

  it('collects every secret from flags, environment and file, for redaction', () => {
    const cwd = dirWithConfig(file);
    const secrets = knownSecrets(
      { 'client-secret': 'flag-secret', 'base-url': 'http://not-secret.example' },
      {
        PAYLINKS_HSA_PROVIDER_WEBHOOK_SECRET: 'env-webhook-secret',
        PAYLINKS_COSTPLUS_BASE_URL: 'http://x.example',
      },
      cwd,
    );
    expect([...secrets].sort()).toEqual(
      ['env-webhook-secret', 'file-conomy-key', 'file-key', 'file-secret', 'flag-secret'].sort(),
    );
  });

  it('collects a secret a config file gives as a number, so its digits are redacted too', () => {
    const cwd = dirWithConfig({
      provider: 'conomy',
      conomy: { apiKey: 'k_abcdef', clientId: 'c1', clientSecret: 98765432101234 },
    });
    expect(knownSecrets({}, {}, cwd)).toContain('98765432101234');
  });
});
