/**
 * The web host: serves the built renderer on 127.0.0.1 only, to a browser
 * that presents the per-start token (once in the address, then as a cookie).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { contentSecurityPolicy } from '../api/contentSecurityPolicy.ts';
import type { Backend } from '../backend/backend.ts';
import { contentTypeOf, readServedFile, resolveInside } from '../backend/staticFiles.ts';
import { createApiSocket } from './apiSocket.ts';
import { WebHandlers } from './webHandlers.ts';

export const LOOPBACK = '127.0.0.1';
const COOKIE = 'whisker_token';

export interface WebHost {
  /** the address to open, token included */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

export interface WebHostOptions {
  /** the built renderer, out/renderer */
  readonly root: string;
  /** 0 picks a free port */
  readonly port?: number;
  /** answers the contract at /api when given */
  readonly backend?: Backend;
}

function sameToken(given: string | undefined | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(request: IncomingMessage): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === COOKIE) return value;
  }
  return undefined;
}

/**
 * A redirect's target: always a path on this host. A path starting with two slashes (from
 * "/.//evil.example/") would be read by the browser as another host's address.
 */
function ownPath(pathname: string): string {
  return `/${pathname.replace(/^[/\\]+/, '')}`;
}

function refuse(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(message);
}

export async function startWebHost({ root, port = 0, backend }: WebHostOptions): Promise<WebHost> {
  const token = randomBytes(24).toString('base64url');
  let allowedHosts: Set<string> = new Set();
  let allowedOrigins: Set<string> = new Set();

  const server = createServer((request, response) => {
    void (async () => {
      // A page on another site may point its own name at 127.0.0.1 (DNS rebinding): check the Host.
      if (!allowedHosts.has(request.headers.host ?? '')) return refuse(response, 421, 'Unknown host');
      if (request.method !== 'GET' && request.method !== 'HEAD')
        return refuse(response, 405, 'Method not allowed');
      const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
      const queryToken = url.searchParams.get('token');
      if (sameToken(queryToken, token)) {
        response.writeHead(303, {
          location: ownPath(url.pathname),
          'set-cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        });
        return response.end();
      }
      if (!sameToken(cookieToken(request), token)) {
        return refuse(
          response,
          403,
          'Open Whisker with the address it printed when it started (it carries a token).',
        );
      }
      if (backend && url.pathname.startsWith('/images/')) {
        const image = await backend.image(url.pathname);
        response.writeHead(image.status, {
          'content-type': image.type,
          'x-content-type-options': 'nosniff',
          'cache-control': 'no-store',
        });
        return response.end(request.method === 'HEAD' ? undefined : image.body);
      }
      const file = await resolveInside(root, url.pathname);
      if (file === null) return refuse(response, 404, 'Not found');
      response.writeHead(200, {
        'content-type': contentTypeOf(file),
        'content-security-policy': contentSecurityPolicy(),
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      });
      response.end(request.method === 'HEAD' ? undefined : await readServedFile(file));
    })().catch((error: unknown) => {
      if (!response.headersSent) refuse(response, 500, (error as Error).message);
      else response.destroy();
    });
  });

  const web = backend ? new WebHandlers(backend) : null;
  const api =
    backend &&
    web &&
    createApiSocket(backend, web, {
      allows: (request) =>
        allowedHosts.has(request.headers.host ?? '') &&
        allowedOrigins.has(request.headers.origin ?? '') &&
        sameToken(cookieToken(request), token),
    });
  server.on('upgrade', (request, socket, head) => {
    // Node hands the upgrade's socket over without its own error handling: a reset must end this one only.
    socket.on('error', () => socket.destroy());
    if (api && new URL(request.url ?? '/', 'http://host').pathname === '/api')
      api.upgrade(request, socket, head);
    else socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Later failures to accept a connection (too many open files) refuse that one, not the host.
  server.on('error', (error) => console.error(`Whisker's web host: ${error.message}`));
  const actualPort = (server.address() as AddressInfo).port;
  allowedHosts = new Set([`${LOOPBACK}:${actualPort}`, `localhost:${actualPort}`]);
  allowedOrigins = new Set([...allowedHosts].map((host) => `http://${host}`));
  return {
    url: `http://${LOOPBACK}:${actualPort}/?token=${token}`,
    port: actualPort,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        api?.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }).then(() => web?.uploads.discardAll()),
  };
}
