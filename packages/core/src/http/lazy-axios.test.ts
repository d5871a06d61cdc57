import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { axiosLoading, lazyAxiosInstance } from './lazy-axios.js';

let server: Server;
let origin: string;

beforeEach(async () => {
  server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', connection: 'keep-alive' });
    res.end(JSON.stringify({ method: req.method, url: req.url }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('lazyAxiosInstance', () => {
  it('loads axios on the first request and sends through it, then reports nothing left to load', async () => {
    const instance = lazyAxiosInstance(4);
    const loading = axiosLoading(instance);
    expect(loading).toBeInstanceOf(Promise);
    const first = await instance.request({ url: `${origin}/first`, method: 'GET' });
    expect(first.data).toEqual({ method: 'GET', url: '/first' });
    expect(axiosLoading(instance)).toBeUndefined();
    const second = await instance.request({ url: `${origin}/second`, method: 'POST', data: '{}' });
    expect(second.data).toEqual({ method: 'POST', url: '/second' });
  });

  it('is callable like an axios instance, so it can be handed on as an httpClient', async () => {
    const instance = lazyAxiosInstance(4) as unknown as (config: object) => Promise<{ data: unknown }>;
    expect((await instance({ url: `${origin}/called`, method: 'GET' })).data).toEqual({
      method: 'GET',
      url: '/called',
    });
  });

  it('has no load to wait for on an instance that was never lazy', () => {
    expect(axiosLoading({ request: () => Promise.reject(new Error('unused')) })).toBeUndefined();
  });
});
