// A server that drops its first connections, to test retries on a dropped socket.
import { FaultQueue } from './fault-queue.js';
import { startSimulatorServer, type SimulatorServer } from './simulator-server.js';

/**
 * A loopback server that reads each of its first `drops` requests whole and
 * then drops the connection without answering (later requests get `201 {}`):
 * a request that certainly reached the provider and whose answer was lost.
 * Request mocks such as nock fail a request before its socket connects,
 * which the boundary rightly reads as never sent; use this server to test
 * the ambiguous case.
 */
export async function startDroppingServer(drops = 1): Promise<SimulatorServer> {
  const faults = new FaultQueue();
  const server = await startSimulatorServer({
    faults,
    handle: () => ({ status: 201, json: {} }),
    errorResponse: (status) => ({ status, json: {} }),
  });
  faults.inject({ kind: 'drop' }, drops);
  return server;
}
