import { describeConformance } from '@paylinks/core/conformance';

import { conomy } from './conomy-provider.js';
import { startConomySimulator, type ConomySimulator } from './simulator/index.js';

let sim: ConomySimulator;

describeConformance({
  adapter: conomy,
  startSimulator: async () => {
    sim = await startConomySimulator();
    return sim;
  },
  // Conomy has one webhook URL per environment (set in its dashboard, here on the simulator) and one
  // failedUrl for failed and cancelled payments; the checkoutToken carries the merchant reference.
  createInput: ({ webhookUrl, cancelUrl: _cancelUrl, ...base }) => {
    if (webhookUrl !== undefined) sim.setWebhookUrl(webhookUrl);
    return { ...base, providerOptions: { conomy: { checkoutToken: base.reference } } };
  },
});
