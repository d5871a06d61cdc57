import { describe, expect, it } from 'vitest';

import { captureIo } from './__tests__/capture-io.js';
import { runDemo } from './demo-run.js';
import { providerIds } from './registry.js';

describe('demo', () => {
  it('sells the invoice on every registered simulator with one function and ends paid everywhere', async () => {
    const { io, stdout, stderr } = captureIo();
    const code = await runDemo(io);
    expect(stderr()).toBe('');
    expect(code).toBe(0);
    const out = stdout();
    for (const provider of providerIds) {
      expect(out).toContain(`{ provider: '${provider}', '${provider}': {`);
      expect(out).toMatch(new RegExp(`${provider} {2}\\(link [^)]+\\)`));
    }
    // The invoice's 99.95 EUR, as each provider wrote it and as normalized.
    expect(out).toContain('amount: 9995');
    expect(out).toContain('totalAmount: "99.95"');
    expect(out.match(/9995 EUR minor units = 99\.95 EUR/g)).toHaveLength(providerIds.length);
    expect(out.match(/=> paid \(/g)).toHaveLength(providerIds.length);
    expect(out).toMatch(/payer declines -> failed/);
    expect(out).toMatch(/payer pays -> thanks/);
    // Conomy and HSA sign their webhooks; Cost+ does not, so its link is re-fetched.
    expect(out).toMatch(/hook Transaction\.Captured ✓/);
    expect(out).toMatch(/hook status_changed ↻/);
    expect(out).toContain(`All ${providerIds.length} providers ended paid`);
    // One invoice per currency through the router, each on the provider its rule names first and
    // fetched back by the router's id.
    for (const [currency, provider] of [
      ['EUR', 'costplus'],
      ['CLP', 'conomy'],
      ['USD', 'hsa-provider'],
    ] as const) {
      expect(out).toMatch(
        new RegExp(
          `\\n  ${currency}  INV-2026-0042-${currency} +rule ${currency.toLowerCase()}-to-${provider} +-> ${provider} +${provider}:\\S+ +\\w+ \\(\\w+\\)  \\(would try ${provider}, `,
        ),
      );
    }
    expect(out).not.toContain('sim_client_secret');
  });
});
