/**
 * The renderer is served from whisker://app/ rather than file://, by a
 * handler that resolves real paths and serves nothing outside its folder.
 */
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { contentSecurityPolicy } from '../api/contentSecurityPolicy.ts';
import { contentTypeOf, resolveInside } from '../backend/staticFiles.ts';

export const APP_SCHEME = 'whisker';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export async function serveApp(root: string, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const file = url.host === 'app' ? await resolveInside(root, url.pathname) : null;
  if (file === null) return new Response('Not found', { status: 404 });
  return new Response(await readFile(file), {
    headers: {
      'content-type': contentTypeOf(file),
      'content-security-policy': contentSecurityPolicy(),
      'x-content-type-options': 'nosniff',
    },
  });
}

export function handleAppProtocol(root: string): void {
  protocol.handle(APP_SCHEME, (request) => serveApp(root, request));
}
