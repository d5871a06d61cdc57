import { createPaymentLinks, isFinal, uncheckedConfig } from '@paylinks/core';
import { startWebhookReceiver, submitCheckout, type ReceivedWebhook } from '@paylinks/testing';

import type { CliIo } from './cli-io.js';
import { sellInvoice, type Invoice, type Sale } from './demo-app.js';
import { formatRoutedInvoices, routeInvoices, type RoutedInvoice } from './demo-routing.js';
import { formatTimelines } from './demo-timeline.js';
import { ExitCode } from './exit-codes.js';
import { adapters, providerIds, type ProviderId } from './registry.js';
import { startSimulator, type RunningSimulator } from './simulators.js';

/** The invoice the demo sells on every provider. */
export const demoInvoice: Invoice = {
  number: 'INV-2026-0042',
  currency: 'EUR',
  description: 'Invoice INV-2026-0042: consultation and two lab tests',
  customerEmail: 'payer@example.com',
  lines: [
    { sku: 'CONSULT-60', name: 'Consultation (60 min)', quantity: 1, unitPrice: '79.95' },
    { sku: 'LAB-BASIC', name: 'Lab test', quantity: 2, unitPrice: '10' },
  ],
};

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Providers to run (default all three). */
  readonly providers?: ReadonlyArray<ProviderId>;
}

/** Keys of a configuration object, for showing what changes between runs without printing any value. */
function configShape(provider: string, settings: object): string {
  const keys = Object.keys(settings).map((k) => (k === 'now' ? 'now: clock' : k));
  return `{ provider: '${provider}', '${provider}': { ${keys.join(', ')} } }`;
}

/** What selling on one simulated provider needs from the run: where webhooks land, what was started. */
interface DemoRun {
  readonly io: CliIo;
  readonly receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  readonly simulators: RunningSimulator[];
  readonly handled: Set<ReceivedWebhook>;
}

/** Starts one provider's simulator and sells the demo invoice on it with the one application function. */
async function sellOn(run: DemoRun, provider: ProviderId): Promise<Sale> {
  const { io, receiver, simulators, handled } = run;
  // The provider's own test server, with quick webhook retries so the demo never waits minutes.
  const simulator = await startSimulator(provider, { host: '127.0.0.1', webhookRetryDelaysMs: [50, 200] });
  simulators.push(simulator);
  const webhookUrl = `${receiver.url}/${provider}`;
  // Providers with one webhook URL per account get it "in their dashboard".
  simulator.setWebhookUrl?.(webhookUrl);
  // The settings come from a simulator started at run time: checked at run time, like a JSON file.
  const config = uncheckedConfig({ provider, [provider]: simulator.adapterSettings() });
  io.stdout.write(`  ${configShape(provider, simulator.adapterSettings())}\n`);
  const links = createPaymentLinks(config, adapters);
  return sellInvoice(links, demoInvoice, {
    storefront: { ...demoRedirects, webhookUrl },
    payer: {
      open: async (url) => {
        const page = await fetch(url);
        await page.arrayBuffer();
        return { status: page.status };
      },
      attempt: (url, outcome) => submitCheckout(url, outcome),
    },
    inbox: {
      take: async () => {
        await simulator.webhooks.flush();
        const fresh = receiver.received.filter(
          (w) => !handled.has(w) && new URL(w.path, receiver.url).pathname === `/webhooks/${provider}`,
        );
        for (const w of fresh) handled.add(w);
        return fresh.map((w) => ({ headers: w.headers, rawBody: w.rawBody }));
      },
    },
  });
}

/** The shop's pages a payer is sent back to. */
const demoRedirects = {
  successUrl: `https://shop.example/invoices/${demoInvoice.number}/thanks`,
  failureUrl: `https://shop.example/invoices/${demoInvoice.number}/failed`,
};

/** What the demo did: the sales, the routed invoices and what went wrong. */
interface DemoOutcome {
  readonly sales: ReadonlyArray<Sale>;
  readonly routed: ReadonlyArray<RoutedInvoice>;
  readonly failures: ReadonlyArray<string>;
}

/** Sells on every provider, then routes invoices over the running simulators; closes them all. */
async function sellEverywhere(io: CliIo, providers: ReadonlyArray<ProviderId>): Promise<DemoOutcome> {
  const run: DemoRun = { io, receiver: await startWebhookReceiver(), simulators: [], handled: new Set() };
  const sales: Sale[] = [];
  const failures: string[] = [];
  let routed: ReadonlyArray<RoutedInvoice> = [];
  try {
    io.stdout.write(
      `paylinks demo: one application function, sellInvoice(links, invoice, shop), run on ${providers.length} simulated providers.\n` +
        `Invoice ${demoInvoice.number}: ${demoInvoice.lines.map((l) => `${l.quantity} x ${l.name} at ${l.unitPrice}`).join(', ')} ${demoInvoice.currency}.\n` +
        'Only the configuration object changes between runs:\n',
    );
    for (const provider of providers) {
      try {
        sales.push(await sellOn(run, provider));
      } catch (e) {
        failures.push(`${provider}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    try {
      routed = await routeInvoices(run.simulators, demoInvoice.number, demoRedirects);
    } catch (e) {
      failures.push(`routing: ${e instanceof Error ? e.message : String(e)}`);
    }
  } finally {
    await Promise.allSettled([...run.simulators.map((s) => s.close()), run.receiver.close()]);
  }
  return { sales, routed, failures };
}

/**
 * `pnpm demo` / `paylinks demo`: starts the simulators in-process on
 * 127.0.0.1 and one webhook receiver, runs {@link sellInvoice} once per
 * provider with only the configuration object changed, and prints the
 * timelines side by side. Answers 0 when every provider ends `paid`.
 */
export async function runDemo(io: CliIo, options: DemoOptions = {}): Promise<number> {
  const started = Date.now();
  const providers = options.providers ?? providerIds;
  const { sales, routed, failures } = await sellEverywhere(io, providers);
  io.stdout.write('\n');
  if (sales.length > 0) {
    io.stdout.write(
      `${formatTimelines(sales, io.stdout.isTTY === true ? io.stdout.columns : undefined)}\n\n`,
    );
  }
  io.stdout.write('✓ signature verified   ↻ unsigned: the link was re-fetched before trusting it\n');
  if (routed.length > 0) io.stdout.write(`\n${formatRoutedInvoices(routed)}\n\n`);
  for (const failure of failures) io.stderr.write(`error: ${failure}\n`);
  const unpaid = sales.filter((s) => s.status.unified !== 'paid');
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (failures.length === 0 && unpaid.length === 0) {
    io.stdout.write(`All ${sales.length} providers ended paid, in ${seconds} s.\n`);
    return ExitCode.ok;
  }
  for (const sale of unpaid) {
    io.stderr.write(
      `error: ${sale.provider} ended ${sale.status.unified} (${sale.status.raw})${isFinal(sale.status) ? '' : ', not final'}\n`,
    );
  }
  io.stdout.write(`${sales.length - unpaid.length} of ${providers.length} providers ended paid.\n`);
  return ExitCode.notPaid;
}
