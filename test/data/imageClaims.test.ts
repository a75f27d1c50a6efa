import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImageBytes } from '../../src/data/decode.ts';
import { gradientPixels } from '../helpers/images.ts';

const small = () => sharp(gradientPixels(16, 12), { raw: { width: 16, height: 12, channels: 3 } });

/** Decodes (to 59×5, cropped, as the fuzzer did), or gives the reason it was refused, and how long either took. */
async function decodeTimed(bytes: Buffer): Promise<{ outcome: string; ms: number }> {
  const started = performance.now();
  const outcome = await decodeImageBytes('x', bytes, { width: 59, height: 5, fit: 'crop' }).then(
    () => 'decoded',
    (error: Error) => error.message,
  );
  return { outcome, ms: performance.now() - started };
}

describe('images claiming more pixels than their bytes can hold', () => {
  it('refuses a PNG whose claimed pixels cannot come out of its compressed data, at once', async () => {
    // found by the image fuzzer: 368 bytes claiming 11,796,496 × 12 16-bit pixels took 7 s to fail
    const png = Buffer.from(await small().greyscale().toColourspace('grey16').png().toBuffer());
    png.writeUInt32BE(11_796_496, 16);
    png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
    const { outcome, ms } = await decodeTimed(png);
    expect(outcome).toBe(
      `x: the image claims 11796496×12 pixels, more than its ${png.length} bytes can hold (cut short, or a decompression bomb)`,
    );
    expect(ms).toBeLessThan(500);
  });

  it('refuses a GIF of 53 bytes claiming 16383×16383 pixels, at once', async () => {
    const gif = Buffer.from(await small().gif().toBuffer());
    gif.writeUInt16LE(16383, 6);
    gif.writeUInt16LE(16383, 8);
    const descriptor = gif.indexOf(0x2c, 13);
    gif.writeUInt16LE(16383, descriptor + 5);
    gif.writeUInt16LE(16383, descriptor + 7);
    const { outcome, ms } = await decodeTimed(gif);
    expect(outcome).toMatch(/^x: the image claims 16383×16383 pixels, more than its \d+ bytes can hold/);
    expect(ms).toBeLessThan(500);
  });

  it('still decodes the most compressible real images: one colour, 4000×4000, as 1-bit PNG and GIF', async () => {
    const white = () =>
      sharp({ create: { width: 4000, height: 4000, channels: 3, background: { r: 255, g: 255, b: 255 } } });
    for (const bytes of [
      await white().png({ palette: true, colours: 2, compressionLevel: 9 }).toBuffer(),
      await white().gif().toBuffer(),
    ]) {
      expect((await decodeTimed(bytes)).outcome).toBe('decoded');
    }
  }, 30_000);
});
