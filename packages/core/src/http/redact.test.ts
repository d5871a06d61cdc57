import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { createRedactor, secretForms } from './redact.js';

const special = ['cp"K\\ey1', 'a/b+c d%e', 'ключ-секрет', 'x\ny\tz"\\"', "sk_'<tag>&amp;"];

describe('createRedactor', () => {
  it.each(special)('removes %j in every encoding a message can carry it in', (secret) => {
    const redact = createRedactor(() => [secret]);
    const carriers = [
      `raw ${secret} end`,
      `json ${JSON.stringify({ key: secret })} end`,
      `json twice ${JSON.stringify(JSON.stringify({ key: secret }))} end`,
      `url https://x.example/?k=${encodeURIComponent(secret)} end`,
      `lower-case url ${encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())} end`,
      `basic ${Buffer.from(`${secret}:`).toString('base64')} end`,
      `base64 ${Buffer.from(secret).toString('base64')} base64url ${Buffer.from(secret).toString('base64url')}`,
    ];
    for (const text of carriers) {
      const out = redact(text);
      for (const form of secretForms(secret)) expect(out).not.toContain(form);
      expect(out).toContain('[redacted]');
    }
  });

  it('removes any random secret from a JSON-stringified error that holds it', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 8, maxLength: 40, unit: 'binary' }), (secret) => {
        const redact = createRedactor(() => [secret]);
        const text = redact(
          JSON.stringify({ message: `refused ${secret}`, nested: JSON.stringify([secret]) }),
        );
        return !text.includes(secret) && !text.includes(JSON.stringify(secret).slice(1, -1));
      }),
    );
  });
});
