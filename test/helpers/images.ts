/** Images and hostile files written by the tests themselves. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';

/** A w×h image whose pixel (x, y) is rgb(x·10 + shade, y·10, 7): every image different for a different shade. */
export function gradientPixels(w: number, h: number, shade = 0): Buffer {
  const raw = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) raw.set([(x * 10 + shade) % 256, (y * 10) % 256, 7], (y * w + x) * 3);
  }
  return raw;
}

export async function writeImage(
  file: string,
  w: number,
  h: number,
  shade = 0,
  format: 'png' | 'jpeg' = 'png',
) {
  await mkdir(path.dirname(file), { recursive: true });
  const image = sharp(gradientPixels(w, h, shade), { raw: { width: w, height: h, channels: 3 } });
  await (format === 'png' ? image.png() : image.jpeg({ quality: 90 })).toFile(file);
}

/** A real PNG whose header is rewritten to claim width×height pixels (CRC fixed, so only the size lies). */
export async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const png = await sharp(gradientPixels(4, 4), { raw: { width: 4, height: 4, channels: 3 } })
    .png()
    .toBuffer();
  // signature (8) | length (4) | "IHDR" (4) | width (4) | height (4) | ... | CRC over type and data
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

/** The first half of a real JPEG. */
export async function truncatedJpeg(): Promise<Buffer> {
  const jpeg = await sharp(gradientPixels(64, 64), { raw: { width: 64, height: 64, channels: 3 } })
    .jpeg()
    .toBuffer();
  return jpeg.subarray(0, Math.floor(jpeg.length / 2));
}

/** A 2×2 24-bit BMP: a real image in a format sharp does not read. */
export function bmp(): Buffer {
  const rowBytes = 8; // 2 pixels × 3 bytes, padded to 4
  const data = Buffer.alloc(rowBytes * 2, 0x80);
  const header = Buffer.alloc(54);
  header.write('BM', 0, 'latin1');
  header.writeUInt32LE(54 + data.length, 2);
  header.writeUInt32LE(54, 10);
  header.writeUInt32LE(40, 14);
  header.writeInt32LE(2, 18);
  header.writeInt32LE(2, 22);
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(24, 28);
  header.writeUInt32LE(data.length, 34);
  return Buffer.concat([header, data]);
}

export async function writeBytes(file: string, bytes: Buffer | string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, bytes);
}
