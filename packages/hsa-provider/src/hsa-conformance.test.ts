import { describeConformance } from '@paylinks/testing/conformance';

import { hsaProvider } from './hsa-provider.js';
import { startHsaSimulator } from './simulator/index.js';

// HSA registers webhook endpoints per account (dashboard), not per link: the suite
// registers its receiver through the simulator's setWebhookUrl.
describeConformance({
  adapter: hsaProvider,
  startSimulator: () => startHsaSimulator({ rateLimitPerMinute: 10_000 }),
  currency: 'USD',
});
