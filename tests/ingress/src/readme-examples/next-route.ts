// app/api/webhooks/paylinks/route.ts
import { createWebhookHandler } from '@paylinks/core';

import { links, onEvent } from './payments.js';

export const runtime = 'nodejs'; // paylinks uses node:crypto
export const POST = createWebhookHandler(links, { onEvent });
