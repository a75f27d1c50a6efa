/**
 * The image fuzzer's material: valid files of every format and kind an import meets (PNG with alpha,
 * grey 16-bit or a palette, baseline and progressive JPEG, lossy, lossless and animated WebP, still
 * and animated GIF), and the ways to damage them (bytes changed, cut short, spliced, lengthened,
 * size fields set to edge values, a PNG claiming another size).
 */
import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import sharp from 'sharp';
import { gradientPixels } from './images.ts';

export interface ImageSeed {
  readonly name: string;
  readonly bytes: Buffer;
}

export async function imageSeeds(): Promise<ImageSeed[]> {
  const [w, h] = [16, 12];
  const rgb = () => sharp(gradientPixels(w, h, 3), { raw: { width: w, height: h, channels: 3 } });
  const rgba = Buffer.alloc(w * h * 4);
  for (let i = 0; i < rgba.length; i++) rgba[i] = (i * 37) % 256;
  const frames = Buffer.concat([gradientPixels(w, h, 1), gradientPixels(w, h, 90)]);
  const animated = () => sharp(frames, { raw: { width: w, height: 2 * h, channels: 3, pageHeight: h } });
  return [
    { name: 'rgb.png', bytes: await rgb().png().toBuffer() },
    {
      name: 'alpha.png',
      bytes: await sharp(rgba, { raw: { width: w, height: h, channels: 4 } })
        .png()
        .toBuffer(),
    },
    { name: 'grey16.png', bytes: await rgb().greyscale().toColourspace('grey16').png().toBuffer() },
    { name: 'palette.png', bytes: await rgb().png({ palette: true }).toBuffer() },
    { name: 'baseline.jpg', bytes: await rgb().jpeg({ quality: 80 }).toBuffer() },
    { name: 'progressive.jpg', bytes: await rgb().jpeg({ progressive: true }).toBuffer() },
    { name: 'lossy.webp', bytes: await rgb().webp().toBuffer() },
    { name: 'lossless.webp', bytes: await rgb().webp({ lossless: true }).toBuffer() },
    { name: 'animated.webp', bytes: await animated().webp().toBuffer() },
    { name: 'still.gif', bytes: await rgb().gif().toBuffer() },
    { name: 'animated.gif', bytes: await animated().gif({ loop: 0 }).toBuffer() },
  ];
}

/** A PNG whose IHDR claims another size, with its CRC made right so that only the size lies. */
function pngClaiming(png: Buffer, width: number, height: number): Buffer {
  if (png.length < 33 || png.subarray(12, 16).toString('latin1') !== 'IHDR') return png;
  const out = Buffer.from(png);
  out.writeUInt32BE(width, 16);
  out.writeUInt32BE(height, 20);
  out.writeUInt32BE(crc32(out.subarray(12, 29)), 29);
  return out;
}

export type Mutation = (bytes: Buffer) => Buffer;

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc
    .array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 16 })
    .map((flips) => (bytes: Buffer) => {
      const out = Buffer.from(bytes);
      for (const [at, value] of flips) out[at % out.length] = value;
      return out;
    }),
  fc.nat().map((at) => (bytes: Buffer) => bytes.subarray(0, at % bytes.length)),
  fc
    .tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 256 }))
    .map(([at, chunk]) => (bytes: Buffer) => {
      const cut = at % bytes.length;
      return Buffer.concat([bytes.subarray(0, cut), chunk, bytes.subarray(cut)]);
    }),
  fc
    .tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 64 }))
    .map(([from, to, length]) => (bytes: Buffer) => {
      const start = from % bytes.length;
      const chunk = bytes.subarray(start, start + length);
      const cut = to % bytes.length;
      return Buffer.concat([bytes.subarray(0, cut), chunk, bytes.subarray(cut)]);
    }),
  // a 16- or 32-bit field somewhere (sizes, lengths, offsets) set to an edge value
  fc
    .tuple(fc.nat(), fc.constantFrom(0, 1, 0x7fff, 0xffff, 0x3fff, 0x7fffffff, 0xffffffff), fc.boolean())
    .map(([at, value, wide]) => (bytes: Buffer) => {
      const out = Buffer.from(bytes);
      const size = wide ? 4 : 2;
      if (out.length < size) return out;
      const position = at % (out.length - size + 1);
      if (wide) out.writeUInt32BE(value >>> 0, position);
      else out.writeUInt16BE(value & 0xffff, position);
      return out;
    }),
  fc.tuple(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 2 ** 31 - 1 })).map(
    ([width, height]) =>
      (bytes: Buffer) =>
        pngClaiming(bytes, width, height),
  ),
);

/** The mutations applied in turn (an empty file stays empty). */
export function mutate(bytes: Buffer, mutations: Mutation[]): Buffer {
  return mutations.reduce((b, m) => (b.length === 0 ? b : m(b)), bytes);
}
