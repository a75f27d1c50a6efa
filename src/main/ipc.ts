/**
 * The contract over Electron IPC. Main accepts requests only from the app's
 * own top frame, checks the envelope and every path argument, and forwards
 * backend events to the window.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { CHANNELS } from '../api/channels.ts';
import { requestEnvelope } from '../api/contract.ts';
import type { Backend } from '../backend/backend.ts';
import { originOf } from './security.ts';
import { GrantedPaths, pathsIn } from './paths.ts';

export function isAppFrame(event: IpcMainInvokeEvent, appOrigin: string): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && originOf(frame.url) === appOrigin;
}

export function registerContract(
  ipcMain: IpcMain,
  backend: Backend,
  appOrigin: string,
  granted: GrantedPaths,
): { forwardTo(contents: WebContents): () => void } {
  ipcMain.handle(CHANNELS.request, async (event, message: unknown) => {
    if (!isAppFrame(event, appOrigin))
      throw new Error('refused: the request did not come from the app window');
    const envelope = requestEnvelope.safeParse(message);
    if (!envelope.success)
      throw new Error('refused a malformed request: expected {id, method, params} with a known method');
    const { method, params } = envelope.data;
    const refused = pathsIn(method, params).find((file) => !granted.allows(file));
    if (refused !== undefined) {
      throw new Error(
        `refused: ${refused || 'that path'} was not chosen in a dialog or dropped into the window`,
      );
    }
    return backend.request(method, params);
  });
  ipcMain.handle(CHANNELS.dropped, async (event, paths: unknown) => {
    if (!isAppFrame(event, appOrigin))
      throw new Error('refused: the request did not come from the app window');
    if (!Array.isArray(paths) || paths.length > 10_000 || !paths.every((p) => typeof p === 'string')) {
      throw new Error('refused: expected a list of paths');
    }
    for (const file of paths) granted.grant(file);
    return paths.length;
  });
  return {
    forwardTo(contents) {
      return backend.onEvent((event) => {
        if (!contents.isDestroyed()) contents.send(CHANNELS.event, event);
      });
    },
  };
}
