// A loopback HTTP server answering canned provider bodies, run in its own
// process so the client process measures only its own work.
import { createServer } from 'node:http';

import { bodies, routes } from './fixtures.mjs';

let connections = 0;
let requests = 0;
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    requests += 1;
    const url = req.url ?? '/';
    if (url === '/__stats') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ connections, requests }));
      return;
    }
    if (url === '/__reset') {
      connections = 0;
      requests = 0;
      res.writeHead(204).end();
      return;
    }
    for (const [provider, route] of Object.entries(routes)) {
      if (!url.startsWith(`${route.base}/`)) continue;
      const body = req.method === 'POST' ? bodies[provider].create : bodies[provider].get;
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
