/**
 * Where the web host may write an exported model. The path comes from a page,
 * so: only a full path (a relative one would land in the server's own
 * folder); never inside Whisker's own data folder, whose files it reads back;
 * never over a folder; and over an existing file only if that file is a model
 * of the same format, unless the request says `replace` (the page asks first).
 */
import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import { FileError } from '../data/fileError.ts';
import { modelFormatOf, type ModelFormat } from '../data/modelFormat.ts';

export interface ExportTarget {
  readonly path: string;
  readonly format: ModelFormat;
  /** replace an existing file even if it is not a model of this format */
  readonly replace?: boolean;
}

const FORMAT_NAMES: Readonly<Record<ModelFormat, string>> = { safetensors: 'a safetensors', onnx: 'an ONNX' };

/** Resolves when `target` may be written; otherwise throws a FileError that says why not. */
export async function checkExportTarget(target: ExportTarget, dataDir: string): Promise<void> {
  const file = target.path;
  const fail = (reason: string): never => {
    throw new FileError(file, reason);
  };
  if (!path.isAbsolute(file)) fail('give the full path of the file to write, not a relative one');
  const folder = path.dirname(file);
  const realFolder = await realpath(folder).catch(() => fail(`the folder ${folder} does not exist`));
  const data = path.resolve(dataDir);
  const realData = await realpath(data).catch(() => data);
  if (realFolder === realData || realFolder.startsWith(realData + path.sep)) {
    fail(
      `this is inside Whisker's own data folder (${data}), which keeps its run history; choose another folder`,
    );
  }
  const existing = await lstat(file).catch(() => null);
  if (existing === null) return;
  if (existing.isDirectory()) fail('a folder, not a file');
  if (target.replace) return;
  if (!existing.isFile() || (await modelFormatOf(file)) !== target.format) {
    fail(`this file exists and is not ${FORMAT_NAMES[target.format]} model; replace it only if you mean to`);
  }
}
