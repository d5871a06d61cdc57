import { connect, type Socket } from 'node:net';

import { describe, expect, it } from 'vitest';

import { FaultQueue } from './fault-queue.js';
import { startSimulatorServer, type SimulatorServer } from './simulator-server.js';

/** A server whose handler counts its calls (its "state"). */
async function countingServer(): Promise<{
  server: SimulatorServer;
  faults: FaultQueue;
  handled: () => number;
}> {
  const faults = new FaultQueue();
  let calls = 0;
  const server = await startSimulatorServer({
    faults,
    handle: () => {
      calls += 1;
      return { status: 201, json: { id: `l${calls}` } };
    },
    errorResponse: (status) => ({ status, json: {} }),
  });
  return { server, faults, handled: () => calls };
}

const post =
  'POST /links HTTP/1.1\r\nHost: sim\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}';

/** Opens a keep-alive connection and has one request answered on it, so the server holds the connection. */
async function answeredConnection(server: SimulatorServer): Promise<Socket> {
  const { port } = new URL(server.origin);
  const socket = connect(Number(port), '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(post);
  await new Promise<void>((resolve) => socket.once('data', () => resolve()));
  return socket;
}

describe('SimulatorServer.quiesce', () => {
  it('waits for a request its client gave up on while a delay fault held it, so its change is there after', async () => {
    const { server, faults, handled } = await countingServer();
    try {
      const socket = await answeredConnection(server);
      faults.inject({ kind: 'delay', ms: 300 });
      socket.write(post);
      // The server takes the request (and its fault); the client gives up and closes.
      while (faults.pending() > 0) await new Promise((resolve) => setTimeout(resolve, 5));
      socket.destroy();
      expect(handled()).toBe(1);
      await server.quiesce();
      expect(handled()).toBe(2);
    } finally {
      await server.close();
    }
  });

  it('closes a connection holding a request the server has not read: that request never lands nor takes a fault', async () => {
    const { server, faults, handled } = await countingServer();
    try {
      const socket = await answeredConnection(server);
      faults.inject({ kind: 'status', status: 503 });
      // Written and abandoned in one turn: the request waits unread in the server's socket.
      socket.write(post);
      socket.destroy();
      await server.quiesce();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(handled()).toBe(1);
      expect(faults.pending()).toBe(1);
      expect(server.apiRequests()).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('resolves at once when nothing is in flight, and leaves the server serving', async () => {
    const { server, handled } = await countingServer();
    try {
      await server.quiesce();
      const socket = await answeredConnection(server);
      socket.destroy();
      expect(handled()).toBe(1);
    } finally {
      await server.close();
    }
  });
});
