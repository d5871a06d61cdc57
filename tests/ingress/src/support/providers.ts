import { conomy } from '@paylinks/conomy';
import { startConomySimulator } from '@paylinks/conomy/simulator';
import { type CreatePaymentLinkInput, fromProvider, type PaymentLinks } from '@paylinks/core';
import type { ProviderSimulator } from '@paylinks/testing';
import { costplus } from '@paylinks/costplus';
import { startCostplusSimulator } from '@paylinks/costplus/simulator';
import { hsaProvider } from '@paylinks/hsa-provider';
import { startHsaSimulator } from '@paylinks/hsa-provider/simulator';

/** How to run one provider's simulator and client in the ingress tests. */
export interface ProviderCase {
  readonly id: 'costplus' | 'conomy' | 'hsa-provider';
  /** Starts a simulator that does not retry failed deliveries (each answer is asserted once). */
  start(): Promise<ProviderSimulator>;
  client(sim: ProviderSimulator): PaymentLinks;
  /** A create input whose webhooks go to `webhookUrl` (per link, or registered on the account). */
  input(sim: ProviderSimulator, reference: string, webhookUrl: string): CreatePaymentLinkInput;
}

const noRetries = { webhookRetryDelaysMs: [], webhookTimeoutMs: 10_000 } as const;
const base = (reference: string, currency: string): CreatePaymentLinkInput => ({
  reference,
  amount: { amount: 1995, currency },
  description: `Ingress test ${reference}`,
  successUrl: 'https://merchant.example/paid',
  failureUrl: 'https://merchant.example/failed',
});

/** The three shipped providers. */
export const providerCases: ReadonlyArray<ProviderCase> = [
  {
    id: 'costplus',
    start: () => startCostplusSimulator(noRetries),
    client: (sim) => fromProvider(costplus(sim.adapterSettings() as never)),
    input: (_sim, reference, webhookUrl) => ({ ...base(reference, 'EUR'), webhookUrl }),
  },
  {
    id: 'conomy',
    start: () => startConomySimulator(noRetries),
    client: (sim) => fromProvider(conomy(sim.adapterSettings() as never)),
    input: (sim, reference, webhookUrl) => {
      sim.setWebhookUrl?.(webhookUrl);
      return { ...base(reference, 'EUR'), providerOptions: { conomy: { checkoutToken: reference } } };
    },
  },
  {
    id: 'hsa-provider',
    start: () => startHsaSimulator({ ...noRetries, rateLimitPerMinute: 10_000 }),
    client: (sim) => fromProvider(hsaProvider(sim.adapterSettings() as never)),
    input: (sim, reference, webhookUrl) => {
      sim.setWebhookUrl?.(webhookUrl);
      return base(reference, 'USD');
    },
  },
];
