import { startFastify } from './support/frameworks.js';
import { describeIngress } from './support/ingress-scenarios.js';

describeIngress('Fastify 5', startFastify);
