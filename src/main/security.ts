/**
 * The guards every web contents and the session get: no navigation away, no
 * new windows, no webviews, no permissions (Electron's security checklist).
 */
import type { Session, WebContents } from 'electron';

/** Keeps a webContents on the app's own origin: no navigation away, no new windows, no webviews. */
export function guardWebContents(contents: WebContents, appOrigin: string): void {
  contents.on('will-navigate', (event, url) => {
    if (originOf(url) !== appOrigin) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (originOf(url) !== appOrigin) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Electron approves permission requests by default; Whisker needs none. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/**
 * scheme://host of a URL. Node's URL gives custom schemes such as whisker://
 * the opaque origin "null", which would make every such URL look alike.
 */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.origin !== 'null') return parsed.origin;
  return parsed.host === '' ? null : `${parsed.protocol}//${parsed.host}`;
}
