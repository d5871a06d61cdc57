import { afterAll, beforeAll, describe } from 'vitest';

import {
  describeAccessErrors,
  describeCapabilities,
  describeCreateAndRead,
  describeInputChecks,
  describeLifecycle,
  describePayment,
  describeWebhookVerification,
} from './conformance-cases.js';
import { describeFaults } from './conformance-faults.js';
import { ConformanceSuite, type ConformanceOptions } from './conformance-suite.js';

export type { ConformanceOptions } from './conformance-suite.js';

/**
 * Registers the shared adapter scenarios (vitest) against a provider's
 * simulator: create and get, validation before sending, payment after a
 * failed attempt, webhooks resolved to `paid`, expiry on the clock,
 * cancel / activate / delete / list where the capabilities say so (and
 * `UnsupportedError` where not), and every error tag the provider can
 * produce, through the simulator's fault injection.
 *
 * @example
 * describeConformance({ adapter: costplus, startSimulator: () => startCostplusSimulator() })
 */
export function describeConformance(options: ConformanceOptions): void {
  const suite = new ConformanceSuite(options);
  describe('conformance', () => {
    beforeAll(() => suite.start());
    afterAll(() => suite.close());
    // In this order: the webhook verification case reads what the payment case sent.
    describeCreateAndRead(suite);
    describeInputChecks(suite);
    describeAccessErrors(suite);
    describePayment(suite);
    describeLifecycle(suite);
    describeCapabilities(suite);
    describeFaults(suite);
    describeWebhookVerification(suite);
  });
}
