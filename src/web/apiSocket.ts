/**
 * The contract over a WebSocket at /api: requests {id, method, params} are
 * answered {id, ok, result | error}; backend events go to every open page as
 * {event}. The upgrade is refused unless the Host is this server, the Origin
 * is this server's page, and the per-start token cookie is presented.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import type { Backend } from '../backend/backend.ts';
import type { WebHandlers } from './webHandlers.ts';

/** A request as it arrives; the method is the contract's or one of the web host's own. */
const envelope = z.object({ id: z.number().int().min(0), method: z.string().max(100), params: z.unknown() });

type Answer = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

/**
 * Largest message a page may send: the contract's largest request, one file of a folder sent from
 * the browser (64 MB, as base64), and its envelope. Anything larger closes the socket.
 */
export const MAX_PAYLOAD = 96 * 2 ** 20;

export interface SocketGuard {
  /** true when the upgrade request comes from this server's own page */
  allows(request: IncomingMessage): boolean;
}

export function createApiSocket(backend: Backend, web: WebHandlers, guard: SocketGuard) {
  const server = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD });
  server.on('error', () => {});
  const sockets = new Set<WebSocket>();
  const stopEvents = backend.onEvent((event) => {
    const message = JSON.stringify({ event });
    for (const socket of sockets) socket.send(message);
  });

  server.on('connection', (socket: WebSocket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // A protocol error (invalid UTF-8, a message over the limit, a bad frame) ends this connection
    // only: ws has already sent the close code that names it (1007, 1009, 1002) and closes it.
    socket.on('error', () => {});
    socket.on('message', (data, isBinary) => {
      answer(isBinary ? null : data.toString())
        .then((reply) => socket.send(JSON.stringify(reply)))
        // a reply that cannot be sent ends this connection, never the host
        .catch(() => socket.close(1011));
    });
  });

  async function answer(text: string | null): Promise<Answer> {
    let raw: unknown;
    try {
      raw = text === null ? null : JSON.parse(text);
    } catch {
      raw = null;
    }
    const parsed = envelope.safeParse(raw);
    if (!parsed.success) {
      const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : -1;
      return {
        id,
        ok: false,
        error: 'refused a malformed request: expected {id, method, params}',
      };
    }
    const { id, method, params } = parsed.data;
    try {
      const result = web.serves(method)
        ? await web.request(method, params)
        : await backend.request(method, params);
      return { id, ok: true, result };
    } catch (error) {
      return { id, ok: false, error: (error as Error).message };
    }
  }

  return {
    /** Hands an HTTP upgrade for /api to the socket server, or refuses it. */
    upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
      if (!guard.allows(request)) {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
        return;
      }
      server.handleUpgrade(request, socket, head, (ws) => server.emit('connection', ws, request));
    },
    close(): void {
      stopEvents();
      for (const socket of sockets) socket.terminate();
      server.close();
    },
  };
}
