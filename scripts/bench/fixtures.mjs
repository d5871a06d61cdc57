// What the benchmarks send and answer: the providers' documented bodies from
// packages/*/src/__fixtures__ (see the SOURCES/README files there), never a
// body made up for the bench, so a figure holds for what a provider sends.
import { readFileSync } from 'node:fs';

const read = (path) => readFileSync(new URL(`../../packages/${path}`, import.meta.url), 'utf8');

/** Every documented link body per adapter, by fixture file (what `decodeLink` is measured on). */
export const linkBodies = {
  costplus: {
    'create-response.json': read('costplus/src/__fixtures__/create-response.json'),
    'get-completed.json': read('costplus/src/__fixtures__/get-completed.json'),
  },
  conomy: {
    'payment-link.json': read('conomy/src/__fixtures__/payment-link.json'),
  },
  'hsa-provider': {
    'get-response.seed.json': read('hsa-provider/src/__fixtures__/get-response.seed.json'),
    'get-response.plain.json': read('hsa-provider/src/__fixtures__/get-response.plain.json'),
    'cancel-response.seed.json': read('hsa-provider/src/__fixtures__/cancel-response.seed.json'),
    'cancel-response.plain.json': read('hsa-provider/src/__fixtures__/cancel-response.plain.json'),
  },
};

/** What the loopback server answers: POST (create) and GET (get) of a link, and a list page. */
export const answers = {
  costplus: {
    create: linkBodies.costplus['create-response.json'],
    get: linkBodies.costplus['get-completed.json'],
  },
  conomy: {
    create: linkBodies.conomy['payment-link.json'],
    get: linkBodies.conomy['payment-link.json'],
    // The documented pagination object around the documented link.
    list: JSON.stringify({
      results: [JSON.parse(linkBodies.conomy['payment-link.json'])],
      pagination: JSON.parse(read('conomy/src/__fixtures__/list-pagination.json')),
    }),
  },
  'hsa-provider': {
    create: linkBodies['hsa-provider']['get-response.seed.json'],
    get: linkBodies['hsa-provider']['get-response.seed.json'],
    list: read('hsa-provider/src/__fixtures__/list-response.json'),
  },
};

/** Create inputs the adapters accept (each provider's requirements met). */
export const inputs = {
  costplus: {
    reference: 'invoice-1234',
    amount: { amount: 995, currency: 'EUR' },
    description: 'Invoice #1234',
    successUrl: 'https://shop.example/ok',
  },
  conomy: {
    reference: 'invoice-1001',
    amount: { amount: 49990, currency: 'CLP' },
    description: 'Invoice 1001',
    successUrl: 'https://yourapp.com/invoices/1001/success',
    failureUrl: 'https://yourapp.com/invoices/1001/failed',
    providerOptions: { conomy: { checkoutToken: 'invoice-1001' } },
  },
  'hsa-provider': {
    reference: 'ORD-12345',
    amount: { amount: 4995, currency: 'USD' },
    description: 'Premium Blood Pressure Monitor',
    successUrl: 'https://yoursite.com/success',
  },
};

/** API roots per provider below the loopback origin, and the list path where there is one. */
export const routes = {
  costplus: { base: '/v1' },
  conomy: { base: '/sandbox', list: '/sandbox/payment-links' },
  'hsa-provider': { base: '/v2', list: '/v2/payment-links' },
};

/** Largest list page each provider serves, and the page it serves when sent no limit (providers.md). */
export const largestPage = { conomy: 50, 'hsa-provider': 100 };
export const defaultPage = { conomy: undefined, 'hsa-provider': 10 };

/** Documented webhook bodies, by scheme. */
export const webhookBodies = {
  conomy: JSON.parse(read('conomy/src/__fixtures__/webhook-transaction-captured.json')),
  costplusOrder: read('costplus/src/__fixtures__/webhook-status-changed.json'),
  costplusTransaction: read('costplus/src/__fixtures__/webhook-transaction-status-changed.json'),
  // The documented envelope `{type, data}` (providers.md) around the documented link object, as a
  // provider sends it (compact JSON): about 900 bytes.
  hsa: JSON.stringify({
    id: 'evt_1Qx7d2abc123',
    type: 'payment_link.paid',
    created_at: '2025-10-18T15:30:01Z',
    data: JSON.parse(linkBodies['hsa-provider']['get-response.seed.json']),
  }),
};
