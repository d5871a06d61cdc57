import * as t from 'io-ts';
import { describe, expect, it } from 'vitest';

import { testProvider } from '../__tests__/test-provider.js';
import { defineAdapter } from '../adapter/define-adapter.js';
import { PaymentLinkException, type ValidationError } from '../model/errors.js';
import { webhookSecretProblem, webhookSecretsSetting } from './webhook-secrets.js';

// Issue 20, finding 8: a secret read with a trailing newline was accepted, then failed every genuine delivery.
const adapter = defineAdapter({
  id: 'signer',
  settings: t.partial({ webhookSecret: webhookSecretsSetting(1024) }),
  secretSettings: ['webhookSecret'],
  create: () => testProvider(),
});

function refusal(settings: object) {
  try {
    adapter(settings as never);
  } catch (error) {
    expect(error).toBeInstanceOf(PaymentLinkException);
    expect((error as PaymentLinkException).error._tag).toBe('ValidationError');
    return (error as PaymentLinkException).error as ValidationError;
  }
  throw new Error('accepted a bad webhook secret');
}

describe('webhook secrets are refused at configuration with surrounding whitespace or control characters', () => {
  const bad: ReadonlyArray<[string, string]> = [
    ['whsec_from_a_file\n', 'a trailing newline'],
    ['whsec_windows\r\n', 'a trailing newline'],
    ['abc\n', 'a trailing newline'],
    [' whsec_leading', 'leading whitespace'],
    ['whsec_trailing ', 'trailing whitespace'],
    ['whsec_tab\t', 'trailing whitespace'],
    ['whsec\u0000nul', 'control character U+0000'],
    ['whsec\u001bescape', 'control character U+001B'],
    ['whsec\u0085next', 'control character U+0085'],
    ['\ufeffwhsec_bom', 'leading whitespace'],
    ['whsec\u2028line', 'control character U+2028'],
    ['whsec_nbsp\u00a0', 'trailing whitespace'],
  ];
  for (const [secret, problem] of bad) {
    it(`refuses ${JSON.stringify(secret)} (${problem}), naming the setting and never the secret`, () => {
      expect(webhookSecretProblem(secret)).toBe(problem);
      for (const settings of [{ webhookSecret: secret }, { webhookSecret: ['whsec_current_ok', secret] }]) {
        const error = refusal(settings);
        expect(error._tag).toBe('ValidationError');
        expect(error.field).toMatch(/^signer\.webhookSecret/);
        const text = JSON.stringify(error);
        expect(text).toContain(`[secret with ${problem}]`);
        for (const form of [secret, secret.trim(), JSON.stringify(secret).slice(1, -1)]) {
          if (form.length > 0) expect(text).not.toContain(form);
        }
      }
    });
  }

  it('accepts clean secrets, one or a rotation', () => {
    expect(() => adapter({ webhookSecret: 'whsec_ok_1' })).not.toThrow();
    expect(() => adapter({ webhookSecret: ['whsec_new', 'whsec_old'] })).not.toThrow();
    expect(webhookSecretProblem('whsec with inner space')).toBeUndefined();
  });
});
