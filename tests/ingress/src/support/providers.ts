import { descriptors, type ProviderId } from '@paylinks/cli';
import { type CreatePaymentLinkInput, fromProvider, type PaymentLinks } from '@paylinks/core';
import type { ProviderSimulator } from '@paylinks/testing';

/** How to run one provider's simulator and client in the ingress tests. */
export interface ProviderCase {
  readonly id: ProviderId;
  /** Starts a simulator that does not retry failed deliveries (each answer is asserted once). */
  start(): Promise<ProviderSimulator>;
  client(sim: ProviderSimulator): PaymentLinks;
  /** A create input whose webhooks go to `webhookUrl` (per link, or registered on the account). */
  input(sim: ProviderSimulator, reference: string, webhookUrl: string): CreatePaymentLinkInput;
}

const noRetries = { webhookRetryDelaysMs: [], webhookTimeoutMs: 10_000 } as const;

/** Every registered provider (the CLI's registry), each described by its own package. */
export const providerCases: ReadonlyArray<ProviderCase> = descriptors.map((d) => ({
  id: d.id,
  start: () => d.startSimulator({ ...noRetries, heavyTraffic: true }),
  client: (sim) => fromProvider(d.providerFor(sim)),
  input: (sim, reference, webhookUrl) => {
    if (d.webhookRouting === 'account') {
      sim.setWebhookUrl?.(webhookUrl);
      return d.sampleInput(reference);
    }
    return { ...d.sampleInput(reference), webhookUrl };
  },
}));
