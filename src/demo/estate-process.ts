import { fileURLToPath } from 'node:url';
import { createBenchEstate } from './bench-estate.ts';
import type { BenchEstate } from './bench-estate.ts';
import { createDemoEstate } from './estate.ts';
import { startEstateServer } from './estate-server.ts';
import type { EstateServer } from './estate-server.ts';
import { isEstateRequest } from './estate-protocol.ts';
import type { EstateReply, EstateRequest, EstateSpec } from './estate-protocol.ts';
import type { Estate } from './types.ts';

/**
 * Entry point of the estate child process (forked by `startEstateChild` through tsx), so that benchmarks can
 * measure Mamori's CPU apart from the CPU spent serving the estate. Speaks the protocol in estate-protocol.ts.
 */

/** Resolves once the reply has been handed to the IPC channel. */
type Send = (reply: EstateReply) => Promise<void>;

interface Running {
  estate: Estate;
  server: EstateServer;
}

export function createEstateRequestHandler(
  send: Send,
  onStopped: () => void,
): (request: EstateRequest) => Promise<void> {
  let running: Running | null = null;
  return async (request) => {
    try {
      if (request.type === 'start') {
        if (running !== null) throw new Error('estate already started');
        const estate = buildEstate(request.estate);
        const server = await startEstateServer(estate);
        running = { estate, server };
        await send({ type: 'ready', id: request.id, sites: server.sites, urls: server.urls() });
        return;
      }
      if (request.type === 'stop') {
        await running?.server.close();
        running = null;
        await send({ type: 'ok', id: request.id });
        onStopped();
        return;
      }
      if (running === null) throw new Error(`${request.type} before start`);
      await send(answer(running, request));
    } catch (error) {
      await send({ type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) });
    }
  };
}

function answer(running: Running, request: Exclude<EstateRequest, { type: 'start' | 'stop' }>): EstateReply {
  const { estate, server } = running;
  switch (request.type) {
    case 'set-state':
      server.setState(request.patch);
      return { type: 'ok', id: request.id };
    case 'set-generation': {
      server.setState({ generation: request.g });
      const changed = estate.kind === 'bench' ? (estate as BenchEstate).changedPages(request.g) : [];
      return { type: 'ok', id: request.id, changedUrls: changed.map((ref) => server.urlFor(ref.siteKey, ref.path)) };
    }
    case 'cpu-usage':
      return { type: 'ok', id: request.id, cpu: process.cpuUsage() };
  }
}

function buildEstate(spec: EstateSpec): Estate {
  return spec === 'demo' ? createDemoEstate() : createBenchEstate(spec.bench);
}

function runAsChild(): void {
  const send: Send = (reply) =>
    new Promise((resolve) => {
      // A closed channel means the parent is gone; the disconnect handler below ends the process.
      if (process.send === undefined || !process.connected) resolve();
      else process.send(reply, undefined, {}, () => resolve());
    });
  const stopped = (): void => {
    process.disconnect();
  };
  const handleRequest = createEstateRequestHandler(send, stopped);
  process.on('message', (message: unknown) => {
    if (isEstateRequest(message)) void handleRequest(message);
  });
  // The parent died or closed the channel: an orphaned server must not linger.
  process.on('disconnect', () => setTimeout(() => process.exit(0), 200).unref());
}

// Only when forked as the entry point: importing this module (tests, type checks) must not take over the process.
if (process.send !== undefined && process.argv[1] === fileURLToPath(import.meta.url)) runAsChild();
