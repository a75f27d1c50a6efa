/**
 * The requests only the web host serves: a page cannot hand the host a path
 * the way Electron's dialogs and drops do, so it browses the machine's
 * folders, or sends files' bytes (a dropped folder, photos to classify, a
 * model file), which the host writes into its own temporary folders. Same
 * shape as the contract: one record per method, its parameter schema and
 * its reply type.
 */
import { z } from 'zod';
import { method, type DataSetSummary, type ModelSummary, type Prediction } from '../api/contract.ts';

const uploadId = z.string().regex(/^[0-9a-f]{24}$/);
/** one folder's name, the top of what was dropped: never a path */
const folderName = z
  .string()
  .min(1)
  .max(255)
  .refine((name) => !/[/\\\0]/.test(name) && name !== '.' && name !== '..', 'a folder name, not a path');

/** A folder's sub-folders and .h5 files, for the page's own folder picker. */
export interface Listing {
  path: string;
  parent: string | null;
  /** each folder from the top down to this one, to go back to in one click */
  crumbs: { name: string; path: string }[];
  folders: { name: string; path: string; link: boolean }[];
  /** the course's .h5 files in this folder, which open as a data set too */
  h5: { name: string; path: string }[];
}

export const WEB_METHODS = {
  /** the folders inside a folder (the machine's own, read only), for the page's folder picker */
  browse: method<Listing>()(z.object({ path: z.string().max(4096).default('') })),
  uploadBegin: method<{ uploadId: string }>()(z.object({})),
  uploadFile: method<Record<string, never>>()(
    z.object({ uploadId, path: z.string().min(1).max(1024), base64: z.string().max(90_000_000) }),
  ),
  /** opens what was sent: the one folder dropped (top), or everything sent */
  uploadOpen: method<DataSetSummary>()(z.object({ uploadId, top: folderName.nullable() })),
  classifyUploads: method<{ predictions: Prediction[] }>()(
    z.object({
      files: z
        .array(z.object({ name: z.string().min(1).max(255), base64: z.string().max(40_000_000) }))
        .min(1)
        .max(100),
    }),
  ),
  importModelUpload: method<{ model: ModelSummary; warnings: string[] }>()(
    z.object({ name: z.string().min(1).max(255), base64: z.string().max(90_000_000) }),
  ),
} as const;

export type WebMethodName = keyof typeof WEB_METHODS;
export type WebParams<M extends WebMethodName> = z.input<(typeof WEB_METHODS)[M]['params']>;
export type WebReply<M extends WebMethodName> = NonNullable<(typeof WEB_METHODS)[M]['reply']>;
