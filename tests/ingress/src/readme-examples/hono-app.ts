import { createWebhookHandler } from '@paylinks/core';
import { Hono } from 'hono';

import { links, onEvent } from './payments.js';

const webhooks = createWebhookHandler(links, { onEvent });

export const app = new Hono();
app.post('/webhooks/paylinks', (c) => webhooks(c.req.raw));
// Node: serve({ fetch: app.fetch, port: 3000 }) from @hono/node-server; Bun: export default app
