import * as TE from 'fp-ts/lib/TaskEither.js';
import * as t from 'io-ts';
import { describe, expect, expectTypeOf, it } from 'vitest';

import { CommonSettings } from './adapter/adapter-settings.js';
import {
  createPaymentLinks,
  uncheckedConfig,
  type PaymentLinksConfigFor,
  type SettingsOf,
} from './client/client.js';
import { defineAdapter } from './adapter/define-adapter.js';
import {
  isPaymentLinkError,
  PaymentLinkException,
  rateLimitError,
  validationError,
  type PaymentLinkError,
  type RateLimitError,
  type ValidationError,
} from './model/errors.js';
import type { PaymentLinkProvider } from './provider/provider.js';
import { bareCapabilities } from '@paylinks/testing';

// The compile-time contracts of issue 12, section 4. `pnpm typecheck` checks this file; the
// runtime assertions next to each keep the behaviour behind the types honest.

const unsupported = () => TE.left(validationError({ field: 'x', message: 'not in this test' }));
const provider = (id: string): PaymentLinkProvider => ({
  id,
  capabilities: bareCapabilities,
  create: unsupported,
  get: unsupported,
});
const alpha = defineAdapter({
  id: 'alpha',
  settings: t.intersection([t.type({ apiKey: t.string }), CommonSettings]),
  secretSettings: ['apiKey'],
  create: () => provider('alpha'),
});
const beta = defineAdapter({
  id: 'beta',
  settings: t.type({ clientId: t.string, clientSecret: t.string }),
  secretSettings: ['clientSecret'],
  create: () => provider('beta'),
});
const registry = { alpha, beta };

describe('PaymentLinkException', () => {
  it('narrows to the PaymentLinkError union after instanceof, never any', () => {
    const caught: unknown = new PaymentLinkException(
      rateLimitError({ message: 'slow down', retryAfterMs: 7000 }),
    );
    if (!(caught instanceof PaymentLinkException)) throw new Error('expected an exception');
    expectTypeOf(caught.error).toEqualTypeOf<PaymentLinkError>();
    // @ts-expect-error 'Typo' is no error tag
    expect(caught.error._tag === 'Typo').toBe(false);
    if (caught.error._tag === 'RateLimitError')
      expectTypeOf(caught.error.retryAfterMs).toEqualTypeOf<number | undefined>();
    expect(caught.error).toMatchObject({ _tag: 'RateLimitError', retryAfterMs: 7000 });
  });

  it('keeps its error type when built from a known error', () => {
    const exception = new PaymentLinkException(validationError({ field: 'amount', message: 'bad' }));
    expectTypeOf(exception.error).toEqualTypeOf<ValidationError>();
    expect(exception.error.field).toBe('amount');
  });
});

describe('isPaymentLinkError(e, tag)', () => {
  it("narrows a caught exception or an error value to that tag's error", () => {
    const thrown: unknown = new PaymentLinkException(
      rateLimitError({ message: 'slow down', retryAfterMs: 7000 }),
    );
    expect(isPaymentLinkError(thrown, 'ValidationError')).toBe(false);
    if (!isPaymentLinkError(thrown, 'RateLimitError')) throw new Error('expected a RateLimitError');
    expectTypeOf(thrown).toEqualTypeOf<RateLimitError>();
    expect(thrown.retryAfterMs).toBe(7000);
    const value: unknown = validationError({ field: 'reference', message: 'reference is required' });
    expect(isPaymentLinkError(value, 'ValidationError') && value.field).toBe('reference');
    expect(isPaymentLinkError(new Error('plain'), 'ValidationError')).toBe(false);
    // @ts-expect-error 'Typo' is no error tag
    expect(isPaymentLinkError(value, 'Typo')).toBe(false);
  });
});

describe('createPaymentLinks(config, adapters)', () => {
  it('infers the configuration from the adapters', () => {
    expectTypeOf<SettingsOf<typeof beta>>().toEqualTypeOf<{ clientId: string; clientSecret: string }>();
    expectTypeOf<PaymentLinksConfigFor<typeof registry>['provider']>().toEqualTypeOf<'alpha' | 'beta'>();
    const links = createPaymentLinks(
      { provider: 'beta', beta: { clientId: 'c', clientSecret: 's' } },
      registry,
    );
    expect(links.id).toBe('beta');
  });

  it('refuses at compile time a misspelt setting, a provider outside the registry, missing settings', () => {
    const misspelt = () =>
      createPaymentLinks(
        // @ts-expect-error `apikey` is not a setting of alpha (`apiKey` is)
        { provider: 'alpha', alpha: { apikey: 'x' } },
        registry,
      );
    const unknownProvider = () =>
      createPaymentLinks(
        // @ts-expect-error gamma is not in the registry
        { provider: 'gamma', gamma: {} },
        registry,
      );
    const missing = () =>
      createPaymentLinks(
        // @ts-expect-error beta's settings are required when beta is the provider
        { provider: 'beta', alpha: { apiKey: 'k' } },
        registry,
      );
    // The runtime check stays, for configurations the compiler never sees.
    for (const build of [misspelt, unknownProvider, missing]) expect(build).toThrow(PaymentLinkException);
  });

  it('refuses at compile time a key no adapter has, even in a value built before the call', () => {
    const apiKey = 'k';
    // `baseURL` (the setting is `baseUrl`): in the call, in a variable, and in a configuration.
    // @ts-expect-error baseURL is not a setting of alpha
    const inCall = () => alpha({ apiKey, baseURL: 'https://api.example' });
    const settings = { apiKey, baseURL: 'https://api.example' };
    // @ts-expect-error baseURL is not a setting of alpha, though the object was built elsewhere
    const inVariable = () => alpha(settings);
    const nested = () =>
      createPaymentLinks(
        // @ts-expect-error baseURL is not a setting of alpha
        { provider: 'alpha', alpha: { apiKey, baseURL: 'https://api.example' } },
        registry,
      );
    const nestedVariable = () =>
      // @ts-expect-error the settings held in a variable are checked too
      createPaymentLinks({ provider: 'alpha', alpha: settings }, registry);
    const config = { provider: 'alpha' as const, alpha: { apiKey }, baseURL: 'https://api.example' };
    // @ts-expect-error baseURL is neither provider nor an adapter id
    const stray = () => createPaymentLinks(config, registry);
    // The run-time check stays, with its did-you-mean, for what the compiler never sees.
    for (const build of [inCall, inVariable, nested, nestedVariable, stray]) {
      const thrown = (() => {
        try {
          build();
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(thrown).toBeInstanceOf(PaymentLinkException);
      expect((thrown as PaymentLinkException).message).toMatch(/baseURL/);
    }
    // Exact values still compile, whether written in the call or built before it.
    const exact = { apiKey, baseUrl: 'https://api.example' };
    expect(alpha(exact).id).toBe('alpha');
    expect(
      createPaymentLinks(
        { provider: 'alpha', alpha: exact, beta: { clientId: 'c', clientSecret: 's' } },
        registry,
      ).id,
    ).toBe('alpha');
    expectTypeOf<SettingsOf<typeof alpha>>().toHaveProperty('baseUrl');
  });

  it('takes a configuration from JSON or the environment, checked at run time only', () => {
    const fromFile: unknown = JSON.parse('{"provider":"alpha","alpha":{"apiKey":"k"}}');
    expect(createPaymentLinks(uncheckedConfig(fromFile), registry).id).toBe('alpha');
    expect(() => createPaymentLinks(uncheckedConfig({ provider: 'alpha' }), registry)).toThrow(
      PaymentLinkException,
    );
  });
});
