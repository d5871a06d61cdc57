import { describeConformance } from '@paylinks/core/conformance';

import { hsaProvider } from './hsa-provider.js';
import { startHsaSimulator, type HsaSimulator } from './simulator/index.js';

// HSA registers webhook endpoints per account (dashboard), not per link: the
// suite's receiver URL is registered with the simulator and left out of the
// create input, where the adapter would refuse it.
let sim: HsaSimulator | undefined;

describeConformance({
  adapter: hsaProvider,
  startSimulator: async () => {
    sim = await startHsaSimulator({ rateLimitPerMinute: 10_000 });
    return sim;
  },
  currency: 'USD',
  createInput: ({ webhookUrl, ...base }) => {
    if (webhookUrl !== undefined) sim?.addWebhookEndpoint(webhookUrl);
    return base;
  },
});
