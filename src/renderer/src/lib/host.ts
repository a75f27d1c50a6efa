/**
 * The renderer's only way to its host, hiding which host it is: Electron
 * (through the preload's `window.whisker`: files are named by their paths,
 * which main grants) or the web host (through a WebSocket on this page's own
 * origin: files are sent as bytes). State classes call these functions and
 * never ask which host they have.
 */
import type {
  AppEvent,
  DataSetSummary,
  MethodName,
  ModelSummary,
  Params,
  Prediction,
  Reply,
} from '../../../api/contract.ts';
import type { WebMethodName, WebParams, WebReply } from '../../../web/webMethods.ts';
import { fileToBase64 } from './base64.ts';
import { commonTop, filesFromDrop, type RelativeFile } from './droppedFiles.ts';

export interface Host {
  request<M extends MethodName>(method: M, params?: Params<M>): Promise<Reply<M>>;
  onEvent(listener: (event: AppEvent) => void): () => void;
  /** Opens what the user dropped as the data set: a folder of class folders, class folders, or .h5 files. */
  openDrop(transfer: DataTransfer, onSending: (done: number, total: number) => void): Promise<DataSetSummary>;
  /** Opens a folder chosen in the page's folder input (a browser's way of choosing one). */
  openChosenFolder(
    files: FileList,
    onSending: (done: number, total: number) => void,
  ): Promise<DataSetSummary>;
  /** Main's own folder dialog, where there is one (Electron); null in a browser, which browses instead. */
  readonly chooseFolder: (() => Promise<DataSetSummary | null>) | null;
  /** The folders inside a folder, for the page's own picker (a browser); null under Electron. */
  readonly browse: ((path: string) => Promise<WebReply<'browse'>>) | null;
  /** A prediction for each file, in the files' order: one the host cannot read says why. */
  classifyFiles(files: readonly RelativeFile[], onProgress: (done: number) => void): Promise<Prediction[]>;
  /** Saves the current model where the user says (a save dialog, or the browser's download); null if cancelled. */
  saveModel(format: 'safetensors' | 'onnx'): Promise<string | null>;
  /** Makes the model in a file the user chose the current one. */
  importModel(file: File): Promise<{ model: ModelSummary; warnings: string[] }>;
}

/** What the preload exposes (src/preload/index.ts). */
interface Preload {
  request(method: string, params?: unknown): Promise<unknown>;
  onEvent(listener: (event: AppEvent) => void): () => void;
  dropped(files: File[]): Promise<(string | null)[]>;
  choose(choice: string): Promise<string[]>;
}

declare global {
  interface Window {
    whisker?: Preload;
  }
}

/** Files sent to a host at most this many, or about this many bytes, at a time. */
const BATCH_FILES = 25;
const BATCH_BYTES = 16 * 1024 * 1024;
/** Photos to classify go a few at a time, so the progress moves while large photos are decoded. */
const CLASSIFY_BATCH_FILES = 4;

function batches<T extends { file: File }>(items: readonly T[], maxFiles = BATCH_FILES): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    if (current.length === maxFiles || (current.length > 0 && bytes + item.file.size > BATCH_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += item.file.size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

const isH5 = (name: string) => name.toLowerCase().endsWith('.h5');
const NOTHING =
  'Nothing to open: drop a folder that holds one sub-folder per class, or the course’s .h5 files';

function electronHost(preload: Preload): Host {
  const request = <M extends MethodName>(method: M, params?: Params<M>) =>
    preload.request(method, params ?? {}) as Promise<Reply<M>>;
  const openPaths = async (paths: readonly string[]) => {
    if (paths.length === 0) throw new Error(NOTHING);
    if (paths.every(isH5)) return request('openH5', { paths: [...paths] });
    if (paths.length > 1) throw new Error('drop one folder, the one that holds a sub-folder per class');
    return request('openFolder', { path: paths[0]! });
  };
  return {
    request,
    onEvent: (listener) => preload.onEvent(listener),
    async openDrop(transfer) {
      const paths = await preload.dropped([...transfer.files]);
      return openPaths(paths.filter((p): p is string => p !== null));
    },
    async openChosenFolder() {
      throw new Error('choose a folder with Open Folder… (under Electron, Whisker asks with its own dialog)');
    },
    chooseFolder: async () => {
      const [folder] = await preload.choose('folder');
      return folder ? request('openFolder', { path: folder }) : null;
    },
    browse: null,
    async classifyFiles(files, onProgress) {
      const out: Prediction[] = [];
      for (const batch of batches(files, CLASSIFY_BATCH_FILES)) {
        const paths = await preload.dropped(batch.map((f) => f.file));
        // files without a path (dragged from a web page, say) cannot be read by name: their card says so
        const named = batch.flatMap((f, i) => (paths[i] ? [{ name: f.path, path: paths[i]! }] : []));
        const answers = named.length > 0 ? (await request('classify', { photos: named })).predictions : [];
        let next = 0;
        for (const [i, f] of batch.entries()) {
          out.push(
            paths[i]
              ? { ...answers[next++]!, file: f.path }
              : {
                  file: f.path,
                  probabilities: null,
                  error:
                    'Whisker was not given where this file is; save it to a folder and drop it from there',
                },
          );
        }
        onProgress(out.length);
      }
      return out;
    },
    async saveModel(format) {
      const [file] = await preload.choose(format === 'onnx' ? 'saveOnnx' : 'saveSafetensors');
      if (!file) return null;
      // the save dialog asked before replacing a file
      return (await request('exportModel', { path: file, format, replace: true })).path;
    },
    async importModel(file) {
      const [path] = await preload.dropped([file]);
      if (!path) throw new Error(`${file.name}: Whisker was not given where this file is`);
      return request('importModel', { path });
    },
  };
}

function socketHost(): Host {
  const listeners = new Set<(event: AppEvent) => void>();
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  /** the socket, opened by the first request */
  let connection: Promise<WebSocket> | null = null;

  function connect(): Promise<WebSocket> {
    const url = new URL('/api', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url);
    socket.addEventListener('message', (message) => {
      const data = JSON.parse(String(message.data)) as
        | { event: AppEvent }
        | { id: number; ok: true; result: unknown }
        | { id: number; ok: false; error: string };
      if ('event' in data) {
        for (const listener of listeners) listener(data.event);
        return;
      }
      const request = pending.get(data.id);
      pending.delete(data.id);
      if (data.ok) request?.resolve(data.result);
      else request?.reject(new Error(data.error));
    });
    socket.addEventListener('close', () => {
      connection = null;
      for (const request of pending.values()) request.reject(new Error('the connection to Whisker closed'));
      pending.clear();
    });
    return new Promise<WebSocket>((resolve, reject) => {
      socket.addEventListener('open', () => resolve(socket), { once: true });
      socket.addEventListener(
        'error',
        () =>
          reject(new Error('Whisker cannot be reached: is `npm start` (or `npm run web`) still running?')),
        { once: true },
      );
    });
  }

  const send = async (method: string, params: unknown): Promise<unknown> => {
    const socket = await (connection ??= connect());
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method, params }));
    });
  };
  const request = <M extends MethodName>(method: M, params?: Params<M>) =>
    send(method, params ?? {}) as Promise<Reply<M>>;
  const web = <M extends WebMethodName>(method: M, params: WebParams<M>) =>
    send(method, params) as Promise<WebReply<M>>;

  /** Sends a folder's files into the host's own temporary folder, then opens it. */
  async function upload(files: readonly RelativeFile[], onSending: (done: number, total: number) => void) {
    if (files.length === 0) throw new Error(NOTHING);
    const { uploadId } = await web('uploadBegin', {});
    for (const [i, { path, file }] of files.entries()) {
      onSending(i, files.length);
      await web('uploadFile', { uploadId, path, base64: await fileToBase64(file) });
    }
    onSending(files.length, files.length);
    return web('uploadOpen', { uploadId, top: commonTop(files) });
  }

  return {
    request,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async openDrop(transfer, onSending) {
      return upload(await filesFromDrop(transfer), onSending);
    },
    openChosenFolder: (files, onSending) =>
      upload(
        [...files].map((file) => ({ path: file.webkitRelativePath || file.name, file })),
        onSending,
      ),
    chooseFolder: null,
    browse: (path) => web('browse', { path }),
    async classifyFiles(files, onProgress) {
      const out: Prediction[] = [];
      for (const batch of batches(files, CLASSIFY_BATCH_FILES)) {
        const sent = await Promise.all(
          batch.map(async ({ path, file }) => ({ name: path.slice(-255), base64: await fileToBase64(file) })),
        );
        const { predictions } = await web('classifyUploads', { files: sent });
        out.push(...predictions.map((p, i) => ({ ...p, file: batch[i]!.path })));
        onProgress(out.length);
      }
      return out;
    },
    async saveModel(format) {
      const { name, base64 } = await request('modelFile', { format });
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
      link.download = name;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
      return name;
    },
    async importModel(file) {
      return web('importModelUpload', { name: file.name, base64: await fileToBase64(file) });
    },
  };
}

let current: Host | null = null;

/** The host this page runs in. */
export function host(): Host {
  current ??= window.whisker ? electronHost(window.whisker) : socketHost();
  return current;
}
