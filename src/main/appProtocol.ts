/**
 * The renderer is served from whisker://app/ rather than file://, by a
 * handler that resolves real paths and serves nothing outside its folder;
 * whisker://app/images/… are the open data set's images, and nothing else.
 */
import { protocol } from 'electron';
import { contentSecurityPolicy } from '../api/contentSecurityPolicy.ts';
import type { Backend } from '../backend/backend.ts';
import { contentTypeOf, readServedFile, resolveInside } from '../backend/staticFiles.ts';

export const APP_SCHEME = 'whisker';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export async function serveApp(root: string, request: Request, backend?: Backend): Promise<Response> {
  const url = new URL(request.url);
  if (backend && url.host === 'app' && url.pathname.startsWith('/images/')) {
    const image = await backend.image(url.pathname);
    return new Response(image.body as ConstructorParameters<typeof Response>[0], {
      status: image.status,
      headers: { 'content-type': image.type, 'x-content-type-options': 'nosniff' },
    });
  }
  const file = url.host === 'app' ? await resolveInside(root, url.pathname) : null;
  if (file === null) return new Response('Not found', { status: 404 });
  return new Response(await readServedFile(file), {
    headers: {
      'content-type': contentTypeOf(file),
      'content-security-policy': contentSecurityPolicy(),
      'x-content-type-options': 'nosniff',
    },
  });
}

export function handleAppProtocol(root: string, backend?: Backend): void {
  protocol.handle(APP_SCHEME, (request) => serveApp(root, request, backend));
}
