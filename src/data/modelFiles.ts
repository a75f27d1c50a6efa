/** Model files on disk: written atomically, refused with the file's name and the reason. */
import { readFile, stat } from 'node:fs/promises';
import { decodeModel, encodeModel, ModelFileError, type Model } from '../core/modelFile.ts';
import { LIMITS } from '../core/architecture.ts';
import { MAX_HEADER_BYTES } from '../core/modelFile.ts';
import { writeFileAtomic } from './files.ts';
import { FileError } from './fileError.ts';

export class ModelLoadError extends FileError {
  override name = 'ModelLoadError';
}

export async function saveModel(file: string, model: Model): Promise<void> {
  await writeFileAtomic(file, encodeModel(model));
}

export async function loadModel(file: string): Promise<Model> {
  let bytes: Buffer;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new ModelLoadError(file, 'not a file');
    if (info.size > 8 + MAX_HEADER_BYTES + LIMITS.maxParameters * 4) {
      throw new ModelLoadError(file, 'larger than any Whisker model can be');
    }
    bytes = await readFile(file);
  } catch (error) {
    if (error instanceof ModelLoadError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ModelLoadError(file, code === 'ENOENT' ? 'the file does not exist' : (error as Error).message);
  }
  try {
    return decodeModel(bytes);
  } catch (error) {
    if (error instanceof ModelFileError)
      throw new ModelLoadError(file, `not a usable model: ${error.message}`);
    throw error;
  }
}
