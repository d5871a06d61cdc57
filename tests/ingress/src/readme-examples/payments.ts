import { conomy } from '@paylinks/conomy';
import { configFromEnv, createPaymentLinks, type PaymentLink, type WebhookEvent } from '@paylinks/core';
import { costplus } from '@paylinks/costplus';
import { hsaProvider } from '@paylinks/hsa-provider';

const adapters = { costplus, conomy, 'hsa-provider': hsaProvider };

// PAYLINKS_PROVIDER=hsa-provider PAYLINKS_HSA_PROVIDER_API_KEY=... PAYLINKS_HSA_PROVIDER_WEBHOOK_SECRET=...
export const links = createPaymentLinks(configFromEnv(process.env, adapters), adapters);

/** Called once per new event, with the link as the provider reports it now (re-fetched). */
export async function onEvent(event: WebhookEvent, link: PaymentLink): Promise<void> {
  if (link.status.unified === 'paid') console.log('paid', link.reference, event.type); // fulfil the order here
}
