import { describeConformance } from '@paylinks/core/conformance';

import { conomy } from './conomy-provider.js';
import { startConomySimulator } from './simulator/index.js';

describeConformance({
  adapter: conomy,
  startSimulator: () => startConomySimulator(),
  // Conomy has one failedUrl for failed and cancelled payments; the checkoutToken carries the
  // merchant reference. Its one webhook URL per environment is registered by the suite itself.
  createInput: ({ cancelUrl: _cancelUrl, ...base }) => ({
    ...base,
    providerOptions: { conomy: { checkoutToken: base.reference } },
  }),
});
