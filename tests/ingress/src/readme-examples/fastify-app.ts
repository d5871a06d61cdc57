import { createNodeWebhookHandler } from '@paylinks/core';
import Fastify from 'fastify';

import { links, onEvent } from './payments.js';

const webhooks = createNodeWebhookHandler(links, { onEvent });

export const app = Fastify();
// In its own scope the webhook body is left unparsed, so the handler reads the raw bytes.
await app.register(async (scope) => {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
  scope.post('/webhooks/paylinks', (request, reply) => {
    reply.hijack();
    return webhooks(request.raw, reply.raw);
  });
});
// await app.listen({ port: 3000 })
