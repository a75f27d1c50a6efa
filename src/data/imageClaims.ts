/**
 * Whether an image's bytes can hold the pixels it claims. Decoding costs time
 * and memory in proportion to the claimed pixels, and a few bytes can claim
 * millions (sharp's own limit still lets a 368-byte PNG cost seconds), so
 * where a format's compression has a known best case the claim is checked
 * against the file's size first. These bounds are the formats' own, so no
 * real image is refused by them:
 * - PNG: deflate expands at most 1032 to 1 (a 258-byte match in 2 bits);
 * - GIF: an LZW code takes at least 3 bits and stands for fewer than 4096 pixels.
 * JPEG is decoded shrunk at load, so its claims are cheap; other formats have
 * no such bound and are held to the pixel limit alone.
 */
import type { Metadata } from 'sharp';

const DEFLATE_MAX_RATIO = 1032;
const GIF_MAX_PIXELS_PER_BYTE = Math.ceil((4096 * 8) / 3);

/** Why the bytes cannot hold the pixels the metadata claims, or null when they can. */
export function claimBeyondData(metadata: Metadata, byteLength: number): string | null {
  const { format, width = 0, channels = 0, bitsPerSample = 8, isPalette = false } = metadata;
  const height = metadata.pageHeight ?? metadata.height ?? 0;
  const pixels = width * height;
  let possible = true;
  if (format === 'png') {
    const bitsPerPixel = isPalette ? bitsPerSample : channels * bitsPerSample;
    possible = (pixels * bitsPerPixel) / 8 <= byteLength * DEFLATE_MAX_RATIO;
  } else if (format === 'gif') {
    possible = pixels <= byteLength * GIF_MAX_PIXELS_PER_BYTE;
  }
  return possible
    ? null
    : `the image claims ${width}×${height} pixels, more than its ${byteLength} bytes can hold (cut short, or a decompression bomb)`;
}
