import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
  type CreatePaymentLinkInput,
  fromProvider,
  type Money,
  type PaymentLinkAdapter,
  type PaymentLinks,
} from '@paylinks/core';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { adapters, providerIds, type ProviderId } from './registry.js';
import { startSimulator, type RunningSimulator } from './simulators.js';

// Debian's Chromium (`apt-get install chromium`; .ci/run installs it). Never a downloaded browser.
const chromiumPath = '/usr/bin/chromium';

let browser: Browser;
let merchant: Server;
let merchantUrl: string;

beforeAll(async () => {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `${chromiumPath} is missing: the browser test needs Debian's Chromium (apt-get install chromium; .ci/run installs it)`,
    );
  }
  // The merchant's own pages, where the provider sends the payer back.
  merchant = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://merchant.invalid').pathname;
    const title =
      path === '/thanks' ? 'Thank you for your payment' : path === '/failed' ? 'Payment failed' : 'Shop';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>${title}</title><h1 data-testid="merchant">${title}</h1>`);
  });
  await new Promise<void>((resolve) => merchant.listen(0, '127.0.0.1', resolve));
  merchantUrl = `http://127.0.0.1:${(merchant.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  if (merchant !== undefined) await new Promise((resolve) => merchant.close(resolve));
});

describe.each(providerIds)('%s hosted checkout page in Chromium', (provider: ProviderId) => {
  let sim: RunningSimulator;
  let links: PaymentLinks;

  beforeAll(async () => {
    sim = await startSimulator(provider);
    const adapter: PaymentLinkAdapter<never> = adapters[provider];
    links = fromProvider(adapter(sim.adapterSettings() as never));
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('shows amount, currency and description; a declined attempt lands on the failure URL, a payment on the success URL', async () => {
    const reference = `browser-${provider}-${Date.now()}`;
    const input: CreatePaymentLinkInput = {
      reference,
      amount: { amount: 1250, currency: 'EUR' } as Money,
      description: `Invoice ${reference}`,
      successUrl: `${merchantUrl}/thanks`,
      failureUrl: `${merchantUrl}/failed`,
      providerOptions: { conomy: { checkoutToken: reference } },
    };
    let link = await links.create(input);
    if (link.status.unified === 'draft') link = await links.activate(link.id);
    const url = link.url as string;

    const page = await browser.newPage();
    try {
      await page.goto(url);
      expect(await page.getByTestId('amount').innerText()).toContain('12.50');
      expect(await page.getByTestId('currency').innerText()).toBe('EUR');
      expect(await page.getByTestId('description').innerText()).toContain(`Invoice ${reference}`);

      await page.getByTestId('fail').click();
      await page.waitForURL((u) => u.href.startsWith(`${merchantUrl}/failed`));
      expect(await page.getByTestId('merchant').innerText()).toBe('Payment failed');
      expect((await links.get(link.id)).status.unified).not.toBe('paid');

      await page.goto(url);
      await page.getByTestId('pay').click();
      await page.waitForURL((u) => u.href.startsWith(`${merchantUrl}/thanks`));
      expect(await page.getByTestId('merchant').innerText()).toBe('Thank you for your payment');
    } finally {
      await page.close();
    }
    const paid = await links.get(link.id);
    expect(paid.status.unified).toBe('paid');
    expect(paid.amount).toEqual({ amount: 1250, currency: 'EUR' });
  });
});
