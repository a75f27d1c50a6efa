/**
 * The web host's own requests (webMethods.ts), served beside the backend's:
 * the folder picker, and files sent from the page, written into the host's
 * temporary folders and handed to the backend from there.
 */
import path from 'node:path';
import { describeProblems } from '../api/contract.ts';
import type { Backend } from '../backend/backend.ts';
import { browseFolders } from './browse.ts';
import { Uploads } from './uploads.ts';
import { WEB_METHODS, type WebMethodName, type WebReply } from './webMethods.ts';

type Parsed<M extends WebMethodName> = import('zod').output<(typeof WEB_METHODS)[M]['params']>;
type Handlers = { [M in WebMethodName]: (params: Parsed<M>) => Promise<WebReply<M>> };

const bytesOf = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));

export class WebHandlers {
  readonly uploads = new Uploads();

  constructor(private readonly backend: Backend) {}

  serves(method: string): method is WebMethodName {
    return Object.hasOwn(WEB_METHODS, method);
  }

  async request(method: WebMethodName, params: unknown): Promise<unknown> {
    const parsed = WEB_METHODS[method].params.safeParse(params ?? {});
    if (!parsed.success) throw new Error(`${method}: ${describeProblems(parsed.error)}`);
    return (this.handlers[method] as (params: unknown) => Promise<unknown>)(parsed.data);
  }

  private readonly handlers: Handlers = {
    browse: ({ path: folder }) => browseFolders(folder),
    uploadBegin: async () => ({ uploadId: await this.uploads.begin() }),
    uploadFile: async ({ uploadId, path: relative, base64 }) => {
      await this.uploads.add(uploadId, relative, bytesOf(base64));
      return {};
    },
    uploadOpen: async ({ uploadId, top }) => {
      const h5 = this.uploads.h5Files(uploadId);
      const summary = h5
        ? await this.backend.request('openH5', { paths: h5 }).then((s) => s as WebReply<'uploadOpen'>)
        : await this.backend.openFolderAt(this.uploads.folderOf(uploadId, top), top ?? 'dropped folders');
      await this.uploads.discardAllBut(uploadId);
      return h5 ? { ...summary, source: h5.map((file) => path.basename(file)).join(', ') } : summary;
    },
    classifyUploads: ({ files }) =>
      this.backend.classifyBytes(files.map(({ name, base64 }) => ({ name, bytes: bytesOf(base64) }))),
    importModelUpload: ({ name, base64 }) => this.backend.importModelBytes(name, bytesOf(base64)),
  };
}
