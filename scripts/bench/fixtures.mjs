// Canned provider bodies for the benchmarks: the documented examples where the
// docs give one (Cost+, HSA), and a body built from Conomy's documented schema.
import { readFileSync } from 'node:fs';

const read = (path) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

export const bodies = {
  costplus: {
    create: read('packages/costplus/src/__fixtures__/create-response.json'),
    get: read('packages/costplus/src/__fixtures__/get-completed.json'),
  },
  conomy: {
    create: JSON.stringify({
      id: '6650f1c2a1b2c3d4e5f60718',
      checkoutToken: 'inv-1234',
      status: 'ACTIVE',
      currency: 'CLP',
      preTaxAmount: '42008',
      totalAmount: '49990',
      url: 'https://checkout.conomyhq.com/sandbox/inv-1234',
      createdAt: '2026-01-15T12:00:00.000Z',
      duration: 86400,
      successUrl: 'https://shop.example/ok',
      failedUrl: 'https://shop.example/ko',
      items: [
        {
          preTaxAmount: '42008',
          totalAmount: '49990',
          description: 'Invoice #1234',
          tax: { name: 'IVA', type: 'PERCENTAGE', value: '19', amount: '7982' },
        },
      ],
    }),
  },
  'hsa-provider': {
    create: read('packages/hsa-provider/src/__fixtures__/get-response.seed.json').replace(
      '"paid"',
      '"active"',
    ),
    get: read('packages/hsa-provider/src/__fixtures__/get-response.seed.json'),
  },
};
bodies.conomy.get = bodies.conomy.create.replace('"ACTIVE"', '"FINISHED"');

/** Create inputs the adapters accept (each provider's requirements met). */
export const inputs = {
  costplus: {
    reference: 'invoice-1234',
    amount: { amount: 995, currency: 'EUR' },
    description: 'Invoice #1234',
    successUrl: 'https://shop.example/ok',
  },
  conomy: {
    reference: 'inv-1234',
    amount: { amount: 49990, currency: 'CLP' },
    description: 'Invoice #1234',
    successUrl: 'https://shop.example/ok',
    failureUrl: 'https://shop.example/ko',
    providerOptions: { conomy: { checkoutToken: 'inv-1234' } },
  },
  'hsa-provider': {
    reference: 'ORD-12345',
    amount: { amount: 4995, currency: 'USD' },
    description: 'Premium Blood Pressure Monitor',
    successUrl: 'https://yoursite.com/success',
  },
};

/** Link ids of the canned bodies. */
export const ids = {
  costplus: 'e6eecc6a-47c5-4948-bcc0-d8b73f5c55a1',
  conomy: '6650f1c2a1b2c3d4e5f60718',
  'hsa-provider': 'plink_abc123xyz',
};

/** API paths per provider, below the loopback origin. */
export const routes = {
  costplus: { base: '/v1', create: '/v1/paymentlinks/', get: (id) => `/v1/paymentlinks/${id}/` },
  conomy: { base: '/sandbox', create: '/sandbox/payment-links', get: (id) => `/sandbox/payment-links/${id}` },
  'hsa-provider': { base: '/v2', create: '/v2/payment-links', get: (id) => `/v2/payment-links/${id}` },
};
