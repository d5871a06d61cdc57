import { createNodeWebhookHandler } from '@paylinks/core';
import express from 'express';

import { links, onEvent } from './payments.js';

export const app = express();
// Before any body parser: the handler reads the raw body itself (no express.raw() needed).
app.post('/webhooks/paylinks', createNodeWebhookHandler(links, { onEvent }));
app.use(express.json()); // the rest of your app
// app.listen(3000)
