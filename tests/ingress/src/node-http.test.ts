import { startNodeHttp } from './support/frameworks.js';
import { describeIngress } from './support/ingress-scenarios.js';

describeIngress('node:http', startNodeHttp);
