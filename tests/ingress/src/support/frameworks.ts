import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { serve } from '@hono/node-server';
import {
  createNodeWebhookHandler,
  createWebhookHandler,
  type PaymentLinks,
  type WebhookHandlerOptions,
} from '@paylinks/core';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';

/** A framework server on loopback with the webhook handler at `POST /webhooks`. */
export interface IngressServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Starts one framework with the handler mounted. */
export type StartIngress = (links: PaymentLinks, options: WebhookHandlerOptions) => Promise<IngressServer>;

/** Starts a Node server on 127.0.0.1 (any free port); its URL's path is `/webhooks`. */
export async function listen(server: Server): Promise<IngressServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Plain `node:http`: the Node handler is the whole request listener. */
export const startNodeHttp: StartIngress = (links, options) =>
  listen(createServer(createNodeWebhookHandler(links, options)));

/**
 * Express 5: the Node handler as route middleware, without express.raw();
 * a JSON body parser for the rest of the app is mounted after it.
 */
export const startExpress: StartIngress = (links, options) => {
  const app = express();
  app.post('/webhooks', createNodeWebhookHandler(links, options));
  app.use(express.json());
  return listen(createServer(app));
};

/**
 * Fastify 5: in its own scope the body is left unparsed (a content-type
 * parser that reads nothing), and the route hands the raw Node request and
 * response to the handler.
 */
export const startFastify: StartIngress = async (links, options) => {
  const app = Fastify();
  const handler = createNodeWebhookHandler(links, options);
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    scope.post('/webhooks', (request, reply) => {
      reply.hijack();
      return handler(request.raw, reply.raw);
    });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/webhooks`, close: () => app.close() };
};

/** Serves a Fetch handler with @hono/node-server on 127.0.0.1 (any free port). */
export async function serveFetch(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<IngressServer> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(started));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    close: () =>
      new Promise<void>((resolve) => {
        (server as Server).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** Hono on its Node server: the Fetch handler gets `c.req.raw`, a standard `Request`. */
export const startHono: StartIngress = async (links, options) => {
  const app = new Hono();
  const handler = createWebhookHandler(links, options);
  app.post('/webhooks', (c) => handler(c.req.raw));
  return serveFetch(app.fetch);
};
