// A loopback HTTP server answering the providers' documented bodies, run in
// its own process so the client process measures only its own work. It can
// record the requests it gets (method, path, headers, body), which is how the
// raw baselines learn the exact requests an adapter sends.
import { createServer } from 'node:http';

import { answers, routes } from './fixtures.mjs';

let connections = 0;
let requests = 0;
let recording;

const json = (res, status, value) => {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
};

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    requests += 1;
    const url = req.url ?? '/';
    if (url === '/__stats') return json(res, 200, { connections, requests });
    if (url === '/__reset') {
      connections = 0;
      requests = 0;
      return json(res, 200, {});
    }
    if (url === '/__record/start') {
      recording = [];
      return json(res, 200, {});
    }
    if (url === '/__record/stop') {
      const recorded = recording ?? [];
      recording = undefined;
      return json(res, 200, recorded);
    }
    recording?.push({
      method: req.method,
      path: url,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    });
    const path = url.split('?')[0];
    for (const [provider, route] of Object.entries(routes)) {
      if (!path.startsWith(`${route.base}/`)) continue;
      const canned = answers[provider];
      const body = req.method === 'POST' ? canned.create : path === route.list ? canned.list : canned.get;
      res.writeHead(req.method === 'POST' ? 201 : 200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
      return;
    }
    res.writeHead(404).end();
  });
});
server.keepAliveTimeout = 60_000;
server.on('connection', () => (connections += 1));
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.on('message', (m) => {
  if (m === 'stop') server.close(() => process.exit(0));
});
