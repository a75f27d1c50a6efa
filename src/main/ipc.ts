/**
 * The contract over Electron IPC. Main accepts requests only from the app's
 * own top frame, checks the envelope, the params and every path they carry,
 * and answers with an outcome (a result, or a refusal with its reason), which
 * the preload turns back into a value or a plain error. Backend events go to
 * the window.
 */
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { CHANNELS } from '../api/channels.ts';
import { parseParams, requestEnvelope, type Outcome } from '../api/contract.ts';
import type { Backend } from '../backend/backend.ts';
import { choiceSchema, choose, type Dialogs } from './choose.ts';
import type { GrantedPaths } from './paths.ts';
import { originOf } from './security.ts';

export function isAppFrame(event: IpcMainInvokeEvent, appOrigin: string): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && originOf(frame.url) === appOrigin;
}

const NOT_THE_APP = 'refused: the request did not come from the app window';
const refuse = (error: string): Outcome => ({ ok: false, error });

export interface ContractHost {
  readonly backend: Backend;
  readonly appOrigin: string;
  readonly granted: GrantedPaths;
  readonly dialogs: Dialogs;
  /** the window a request came from */
  windowOf(contents: WebContents): BrowserWindow | null;
}

export function registerContract(
  ipcMain: IpcMain,
  { backend, appOrigin, granted, dialogs, windowOf }: ContractHost,
): { forwardTo(contents: WebContents): () => void } {
  ipcMain.handle(CHANNELS.request, async (event, message: unknown): Promise<Outcome> => {
    if (!isAppFrame(event, appOrigin)) return refuse(NOT_THE_APP);
    const envelope = requestEnvelope.safeParse(message);
    if (!envelope.success)
      return refuse('refused a malformed request: expected {id, method, params} with a known method');
    const { method, params } = envelope.data;
    const parsed = parseParams(method, params);
    if (typeof parsed === 'string') return refuse(`${method}: ${parsed}`);
    const [first] = granted.refused(method, parsed);
    if (first !== undefined) {
      const how =
        first.use === 'write' ? 'chosen in a save dialog' : 'chosen in a dialog or dropped into the window';
      return refuse(`refused: ${first.path} was not ${how}`);
    }
    try {
      return { ok: true, result: await backend.request(method, parsed) };
    } catch (error) {
      return refuse((error as Error).message);
    }
  });
  ipcMain.handle(CHANNELS.dropped, async (event, paths: unknown): Promise<Outcome> => {
    if (!isAppFrame(event, appOrigin)) return refuse(NOT_THE_APP);
    if (!Array.isArray(paths) || paths.length > 10_000 || !paths.every((p) => typeof p === 'string')) {
      return refuse('refused: expected a list of paths');
    }
    for (const file of paths) granted.grant(file, 'read');
    return { ok: true, result: paths.length };
  });
  ipcMain.handle(CHANNELS.choose, async (event, choice: unknown): Promise<Outcome> => {
    if (!isAppFrame(event, appOrigin)) return refuse(NOT_THE_APP);
    const parsed = choiceSchema.safeParse(choice);
    const window = windowOf(event.sender);
    if (!parsed.success || window === null) return refuse('refused: not a dialog Whisker shows');
    return { ok: true, result: await choose(parsed.data, window, dialogs, granted) };
  });
  return {
    forwardTo(contents) {
      return backend.onEvent((event) => {
        if (!contents.isDestroyed()) contents.send(CHANNELS.event, event);
      });
    },
  };
}
