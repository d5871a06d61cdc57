// The two baselines an adapter's create + get is compared with. Both replay
// the exact requests the adapter sent (recorded by the loopback server: same
// method, path, headers and body bytes; a fresh idempotency key per create
// where the adapter sends one) and parse every answer as JSON, which any
// caller has to do to read the link.
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** The ES module entry of the axios core resolves (`import axios from 'axios'` in core), so both sides run the same copy. */
export const axiosPath = join(
  dirname(createRequire(join(root, 'packages/core/package.json')).resolve('axios/package.json')),
  'index.js',
);
const { default: axios } = await import(pathToFileURL(axiosPath).href);

/** Agent options of the adapter's default axios instance (core http-client.ts). */
export const adapterAgentOptions = { keepAlive: true, maxSockets: 64 };
/** The adapter's default answer cap (core `defaultMaxResponseBytes`). */
const maxResponseBytes = 2 * 1024 * 1024;

const hopHeaders = new Set(['host', 'connection', 'content-length', 'transfer-encoding']);

function replayable(recorded) {
  return recorded.map(({ method, path, headers, body }) => {
    const kept = Object.fromEntries(Object.entries(headers).filter(([k]) => !hopHeaders.has(k)));
    const freshKey = 'idempotency-key' in kept;
    return {
      method,
      path,
      headers: kept,
      freshKey,
      // The adapter serialises its body object on every call: so do the baselines.
      body: body === '' ? undefined : JSON.parse(body),
    };
  });
}

const withKey = (r) => (r.freshKey ? { ...r.headers, 'idempotency-key': randomUUID() } : r.headers);

const keepText = [(data) => data];
const anyStatus = () => true;

/**
 * Plain axios with the adapter's own settings: an instance built as the
 * adapter builds its default one (keep-alive agents, 64 sockets), and per
 * request the options core's `sendTry` passes (text answer, no transform,
 * any status, no redirects, the same answer cap). What it does not have is
 * what paylinks adds on top: the deadline signal, the write tracker, input
 * checks, decoding and mapping.
 */
export function rawAxiosSequence(origin, recorded) {
  const instance = axios.create({
    httpAgent: new http.Agent(adapterAgentOptions),
    httpsAgent: new https.Agent(adapterAgentOptions),
  });
  const requests = replayable(recorded);
  const seq = async () => {
    for (const r of requests) {
      const response = await instance.request({
        method: r.method,
        url: `${origin}${r.path}`,
        headers: withKey(r),
        ...(r.body !== undefined ? { data: JSON.stringify(r.body) } : {}),
        responseType: 'text',
        transformResponse: keepText,
        validateStatus: anyStatus,
        maxRedirects: 0,
        maxContentLength: maxResponseBytes,
      });
      if (response.status >= 300) throw new Error(`raw axios ${r.method} ${r.path}: HTTP ${response.status}`);
      JSON.parse(response.data);
    }
  };
  return { seq, close: () => instance.defaults.httpAgent.destroy() };
}

/** Bare `node:http` with a keep-alive agent of the same options: the floor under any HTTP client. */
export function nodeHttpSequence(origin, recorded) {
  const agent = new http.Agent(adapterAgentOptions);
  const { hostname, port } = new URL(origin);
  const requests = replayable(recorded);
  const send = (r) =>
    new Promise((resolve, reject) => {
      const body = r.body !== undefined ? JSON.stringify(r.body) : undefined;
      const headers = withKey(r);
      const req = http.request(
        {
          hostname,
          port,
          method: r.method,
          path: r.path,
          agent,
          headers: body !== undefined ? { ...headers, 'content-length': Buffer.byteLength(body) } : headers,
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            if (res.statusCode >= 300)
              reject(new Error(`node:http ${r.method} ${r.path}: ${res.statusCode}`));
            else resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const seq = async () => {
    for (const r of requests) await send(r);
  };
  return { seq, close: () => agent.destroy() };
}
