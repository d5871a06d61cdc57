import { conomy } from '@paylinks/conomy';
import { configFromEnv, createNodeWebhookHandler, createPaymentLinks } from '@paylinks/core';
import { createRouter } from '@paylinks/router';
import { costplus } from '@paylinks/costplus';
import { hsaProvider } from '@paylinks/hsa-provider';
import express from 'express';

const adapters = { costplus, conomy, 'hsa-provider': hsaProvider };

// Every provider's settings from PAYLINKS_COSTPLUS_*, PAYLINKS_CONOMY_*, PAYLINKS_HSA_PROVIDER_*, each checked.
const config = configFromEnv(process.env, adapters);
export const router = createRouter({
  providers: Object.keys(adapters).map(
    (id) => createPaymentLinks({ ...config, provider: id }, adapters).provider,
  ),
  rules: [
    { name: 'euros', when: { currency: ['EUR'] }, use: ['costplus'] },
    { name: 'pesos', when: { currency: ['CLP'] }, use: ['conomy'] },
  ],
  fallback: ['hsa-provider'],
});

export const app = express();
// Register https://<your host>/webhooks/<provider id> with each provider (Cost+: the link's webhookUrl):
// the router takes the provider from the last path segment, verifies and re-fetches with it.
app.post(
  '/webhooks/:provider',
  createNodeWebhookHandler(router, {
    onEvent: async (event, link) => {
      // link.id is the router id (`conomy:...`); link.provider names the provider that holds it.
      if (link.status.unified === 'paid') console.log('paid', link.provider, link.reference); // fulfil here
    },
  }),
);
app.use(express.json()); // the rest of your app
