import { startHono } from './support/frameworks.js';
import { describeIngress } from './support/ingress-scenarios.js';

describeIngress('Hono (@hono/node-server)', startHono);
