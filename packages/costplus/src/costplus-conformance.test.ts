import { describeConformance } from '@paylinks/testing/conformance';

import { costplus } from './costplus-provider.js';
import { startCostplusSimulator } from './simulator/index.js';

describeConformance({
  adapter: costplus,
  startSimulator: () => startCostplusSimulator({ webhookRetryDelaysMs: [20, 20], webhookTimeoutMs: 2_000 }),
});
