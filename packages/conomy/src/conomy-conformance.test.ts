import { describeConformance } from '@paylinks/testing/conformance';

import { conomy } from './conomy-provider.js';
import { startConomySimulator } from './simulator/index.js';

// The suite's portable input needs nothing Conomy-specific: the checkoutToken derives from the
// reference and create activates. Its one webhook URL per environment is registered by the suite.
describeConformance({
  adapter: conomy,
  startSimulator: () => startConomySimulator(),
  draftInput: (base) => ({ ...base, providerOptions: { conomy: { activate: false } } }),
});
