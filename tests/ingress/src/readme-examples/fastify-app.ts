import { createNodeWebhookHandler } from '@paylinks/core';
import Fastify from 'fastify';

import { links, onEvent } from './payments.js';

const webhooks = createNodeWebhookHandler(links, { onEvent });

// Fastify's requestTimeout is 0 (no limit) by default: set one for the rest of your app. The webhook
// handler has its own read deadline (readTimeoutMs, default 10 s) and answers a stalled body 408.
export const app = Fastify({ requestTimeout: 30_000 });
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
