/** Model files on disk: written atomically, refused with the file's name and the reason. */
import { decodeModel, encodeModel, ModelFileError, type Model } from '../core/modelFile.ts';
import { LIMITS } from '../core/architecture.ts';
import { MAX_HEADER_BYTES } from '../core/modelFile.ts';
import { writeFileAtomic } from './files.ts';
import { FileError } from './fileError.ts';
import { readRegularFile } from './regularFile.ts';

export class ModelLoadError extends FileError {
  override name = 'ModelLoadError';
}

export async function saveModel(file: string, model: Model): Promise<void> {
  await writeFileAtomic(file, encodeModel(model));
}

/** The largest file a model can be: the header and every parameter at its limit. */
export const MAX_MODEL_FILE_BYTES = 8 + MAX_HEADER_BYTES + LIMITS.maxParameters * 4;

export async function loadModel(file: string): Promise<Model> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(file, { maxBytes: MAX_MODEL_FILE_BYTES });
  } catch (error) {
    throw error instanceof FileError ? new ModelLoadError(file, error.reason) : error;
  }
  try {
    return decodeModel(bytes);
  } catch (error) {
    if (error instanceof ModelFileError)
      throw new ModelLoadError(file, `not a usable model: ${error.message}`);
    throw error;
  }
}
