import { describe, expect, it } from 'vitest';

import { createCliRedactor } from './cli-redact.js';

// Issue 20, finding 12: a short secret is redacted where it stands as a value, never inside other words.
describe('the CLI redactor', () => {
  const url = 'postgres://paylinks:config@127.0.0.1:5432/shop';
  const redact = createCliRedactor(() => [url, 'config', 'abc', 'canary-long-secret-1f2e']);

  it.each([
    ['paylinks.config.json', 'paylinks.config.json'],
    ['/etc/config/paylinks', '/etc/config/paylinks'],
    ['configure the provider', 'configure the provider'],
    ['abcdef and xabc', 'abcdef and xabc'],
    ['see --config routes.json', 'see --config routes.json'],
  ])('leaves %j alone (a short secret inside other text)', (text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  it.each([
    [url, '[redacted]'],
    ['postgres://paylinks:config@db.internal/other', 'postgres://paylinks:[redacted]@db.internal/other'],
    ['host=db password=config dbname=shop', 'host=db password=[redacted] dbname=shop'],
    ['{"password":"config"}', '{"password":"[redacted]"}'],
    ['the password is config.', 'the password is [redacted].'],
    ['api key abc refused', 'api key [redacted] refused'],
    ['token=canary-long-secret-1f2e&x', 'token=[redacted]&x'],
    ['xcanary-long-secret-1f2ex', 'x[redacted]x'],
    ['Y2FuYXJ5LWxvbmctc2VjcmV0LTFmMmU=', '[redacted]'],
  ])('redacts %j', (text, expected) => {
    expect(redact(text)).toBe(expected);
  });
});
