/**
 * One image file into the network's input form: width×height×3 bytes, RGB,
 * HWC (row, column, channel), decoded with sharp from bytes we read ourselves.
 */
import { open } from 'node:fs/promises';
import sharp from 'sharp';

sharp.cache(false);

export interface DecodeOptions {
  readonly width: number;
  readonly height: number;
}

export const DEFAULT_IMAGE_SIZE: DecodeOptions = { width: 64, height: 64 };
/** Files larger than this are refused before reading. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
/** Refuses images claiming more pixels than this (decompression bombs). */
export const MAX_INPUT_PIXELS = 8192 * 8192;
/** Transparent pixels are flattened onto this colour. */
export const ALPHA_BACKGROUND = { r: 255, g: 255, b: 255 } as const;

export class ImageError extends Error {
  override name = 'ImageError';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/** Reads a regular file's bytes, refusing special files and oversized ones. */
export async function readImageBytes(file: string): Promise<Buffer> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw new ImageError(file, describeFsError(error));
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new ImageError(file, 'not a regular file');
    if (stat.size === 0) throw new ImageError(file, 'the file is empty');
    if (stat.size > MAX_FILE_BYTES)
      throw new ImageError(file, `larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'no permission to read the file';
  if (code === 'ENOENT') return 'the file does not exist';
  return (error as Error).message;
}

export async function decodeImage(
  file: string,
  options: DecodeOptions = DEFAULT_IMAGE_SIZE,
): Promise<Uint8Array> {
  const bytes = await readImageBytes(file);
  return decodeImageBytes(file, bytes, options);
}

export async function decodeImageBytes(
  file: string,
  bytes: Buffer,
  { width, height }: DecodeOptions = DEFAULT_IMAGE_SIZE,
): Promise<Uint8Array> {
  try {
    const image = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', pages: 1 });
    const { format } = await image.metadata();
    if (format === 'svg') throw new ImageError(file, 'SVG images are not accepted');
    const { data, info } = await image
      .autoOrient()
      .flatten({ background: ALPHA_BACKGROUND })
      .toColourspace('srgb')
      .resize(width, height, { fit: 'fill' })
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3 || data.length !== width * height * 3) {
      throw new ImageError(
        file,
        `decoded to ${info.channels} channels of ${info.width}×${info.height}, expected RGB ${width}×${height}`,
      );
    }
    return new Uint8Array(data.buffer, data.byteOffset, data.length);
  } catch (error) {
    if (error instanceof ImageError) throw error;
    throw new ImageError(file, `not a readable image (${(error as Error).message})`);
  }
}
