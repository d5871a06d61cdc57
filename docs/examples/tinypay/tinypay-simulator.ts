// A tiny stateful Tinypay for tests, on the simulator kit of @paylinks/testing.
import { randomUUID } from 'node:crypto';

import { signTimestamped } from '@paylinks/core/adapter';
import { FaultQueue, startSimulatorServer } from '@paylinks/testing';

interface Link {
  id: string;
  ref: string;
  status: 'open' | 'paid' | 'expired';
  amount_minor: number;
  currency: string;
  description?: string;
  url: string;
  created: string;
}

/** Starts Tinypay on 127.0.0.1: `POST /v1/links`, `GET /v1/links/{id}`, and `pay(id)` with a signed webhook body. */
export async function startTinypaySimulator(options: { apiKey: string; webhookSecret: string }) {
  const links = new Map<string, Link>();
  const faults = new FaultQueue();
  let origin = '';
  const server = await startSimulatorServer({
    faults,
    errorResponse: (status) => ({ status, json: { error: { code: `http_${status}` } } }),
    handle: (req) => {
      if (req.headers.authorization !== `Bearer ${options.apiKey}`)
        return { status: 401, json: { error: { code: 'unauthorized', message: 'bad key' } } };
      if (req.method === 'POST' && req.path === '/v1/links') {
        const body = req.json as {
          ref?: unknown;
          amount_minor?: unknown;
          currency?: unknown;
          description?: unknown;
        };
        if (typeof body?.amount_minor !== 'number' || body.amount_minor <= 0)
          return {
            status: 422,
            json: { error: { code: 'invalid', message: 'must be positive', field: 'amount_minor' } },
          };
        const id = `tl_${randomUUID().slice(0, 8)}`;
        const link: Link = {
          id,
          ref: String(body.ref),
          status: 'open',
          amount_minor: body.amount_minor,
          currency: String(body.currency),
          ...(typeof body.description === 'string' ? { description: body.description } : {}),
          url: `${origin}/pay/${id}`,
          created: new Date().toISOString(),
        };
        links.set(id, link);
        return { status: 201, json: link };
      }
      const match = /^\/v1\/links\/([^/]+)$/.exec(req.path);
      const link = match !== null ? links.get(decodeURIComponent(match[1]!)) : undefined;
      if (req.method === 'GET' && link !== undefined) return { status: 200, json: link };
      return { status: 404, json: { error: { code: 'not_found', message: 'no such link' } } };
    },
  });
  origin = server.origin;
  return {
    origin,
    faults,
    /** How many links the simulator made. */
    created: () => links.size,
    /** Marks a link paid and returns the webhook Tinypay would send for it. */
    pay(id: string) {
      const link = links.get(id);
      if (link === undefined) throw new Error(`no link ${id}`);
      link.status = 'paid';
      const rawBody = JSON.stringify({ type: 'link.paid', link_id: id });
      const at = Math.floor(Date.now() / 1000);
      return {
        headers: { 'Tinypay-Signature': signTimestamped(options.webhookSecret, rawBody, at) },
        rawBody,
      };
    },
    close: () => server.close(),
  };
}
