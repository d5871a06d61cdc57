import { describeConformance } from '@paylinks/core/conformance';

import { costplus } from './costplus-provider.js';
import { startCostplusSimulator } from './simulator/index.js';

describeConformance({
  adapter: costplus,
  startSimulator: () => startCostplusSimulator({ webhookRetryDelaysMs: [20, 20], webhookTimeoutMs: 2_000 }),
  // Cost+ has one failure_url for cancelled, expired and failed payments: a
  // separate cancelUrl is refused, so the suite's is left out.
  createInput: ({ cancelUrl: _cancel, ...base }) => base,
});
