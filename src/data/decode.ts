/**
 * One image into the network's input form: width×height×3 bytes, RGB, HWC
 * (row, column, channel). One pipeline for every way in, with sharp:
 * bytes we read ourselves → format from the content → first frame → EXIF
 * orientation applied → alpha flattened onto white → sRGB, 8 bits → resized
 * with the chosen fit → raw RGB.
 */
import sharp, { type Metadata } from 'sharp';
import { FileError } from './fileError.ts';
import { DEFAULT_INPUT, FITS, type Fit, type InputSetup } from '../core/runSetup.ts';
import { claimBeyondData } from './imageClaims.ts';
import { readRegularFile } from './regularFile.ts';

// sharp's cache holds files open (EBUSY on Windows) and memory we do not need.
sharp.cache(false);

/**
 * How an image of another shape becomes width×height (core/runSetup.ts's InputSetup):
 * - stretch: every pixel kept, proportions changed (what the course's data did)
 * - crop: proportions kept, the centre cut to fill the frame
 * - letterbox: proportions kept, the whole image inside the frame on white bands
 */
export type DecodeOptions = InputSetup;
export { FITS, type Fit };

export const DEFAULT_DECODE: DecodeOptions = DEFAULT_INPUT;
export const MAX_SIDE = 1024;
/** Files larger than this are refused before reading. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
/** Refuses images claiming more pixels than this (decompression bombs); 0x3FFF² is sharp's own default. */
export const MAX_INPUT_PIXELS = 0x3fff * 0x3fff;
/** Transparent pixels and letterbox bands are this colour. */
export const BACKGROUND = { r: 255, g: 255, b: 255 } as const;

const SHARP_FIT = { stretch: 'fill', crop: 'cover', letterbox: 'contain' } as const;
const READABLE = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff', 'avif', 'heif', 'jp2', 'raw']);

export class ImageError extends FileError {
  override name = 'ImageError';
}

export function decodeOptionsProblem(options: DecodeOptions): string | null {
  const side = (v: number) => Number.isInteger(v) && v >= 1 && v <= MAX_SIDE;
  if (!side(options.width) || !side(options.height)) {
    return `image size must be whole numbers of pixels from 1 to ${MAX_SIDE}, got ${options.width}×${options.height}`;
  }
  if (!FITS.includes(options.fit)) return `fit must be one of ${FITS.join(', ')}, got "${options.fit}"`;
  return null;
}

/** Reads a regular file's bytes, refusing special files and oversized ones with the reason. */
export async function readImageBytes(file: string): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(file, { maxBytes: MAX_FILE_BYTES });
  } catch (error) {
    throw error instanceof FileError ? new ImageError(file, error.reason) : error;
  }
  if (bytes.length === 0) throw new ImageError(file, 'the file is empty');
  return bytes;
}

export async function decodeImage(
  file: string,
  options: DecodeOptions = DEFAULT_DECODE,
): Promise<Uint8Array> {
  return decodeImageBytes(file, await readImageBytes(file), options);
}

/** `file` names the image in messages; the bytes are what is decoded. */
export async function decodeImageBytes(
  file: string,
  bytes: Uint8Array,
  { width, height, fit }: DecodeOptions = DEFAULT_DECODE,
): Promise<Uint8Array> {
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  } catch (error) {
    throw new ImageError(file, describeSharpError(error));
  }
  const { format } = metadata;
  if (format === 'svg') throw new ImageError(file, 'SVG drawings are not accepted, only pixel images');
  if (format === undefined || !READABLE.has(format)) {
    throw new ImageError(file, `unsupported format${format ? ` (${format})` : ''}`);
  }
  const beyond = claimBeyondData(metadata, bytes.length);
  if (beyond !== null) throw new ImageError(file, beyond);
  try {
    const { data, info } = await sharp(bytes, {
      limitInputPixels: MAX_INPUT_PIXELS,
      failOn: 'error',
      pages: 1,
    })
      .autoOrient()
      .flatten({ background: BACKGROUND })
      .toColourspace('srgb')
      .resize(width, height, { fit: SHARP_FIT[fit], position: 'centre', background: BACKGROUND })
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
    throw new ImageError(file, describeSharpError(error, format));
  }
}

function describeSharpError(error: unknown, format?: string): string {
  const message = (error as Error).message;
  if (/pixel limit/i.test(message)) {
    return `the image claims more than ${MAX_INPUT_PIXELS.toLocaleString('en')} pixels (a decompression bomb?)`;
  }
  if (format === 'heif' && /compression format|codec|decoder/i.test(message)) {
    return 'HEIC photos cannot be decoded here (no HEVC decoder); convert them to JPEG first';
  }
  if (/unsupported image format/i.test(message)) return 'not an image (unsupported or unrecognised format)';
  if (/premature end|truncated|unexpected end/i.test(message)) return `the image is truncated (${message})`;
  return `not a readable image (${message})`;
}
