import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImageBytes } from '../../src/data/decode.ts';
import { sharpBuildFor } from '../../src/data/imageLibrary.ts';
import { bmp, gradientPixels } from '../helpers/images.ts';

const rgb = (bytes: Uint8Array, x: number, y: number, width: number) => [
  ...bytes.subarray((y * width + x) * 3, (y * width + x) * 3 + 3),
];

describe('decoding one image into RGB bytes', () => {
  it('turns greyscale into equal red, green and blue', async () => {
    const grey = await sharp(Buffer.from([0, 128, 255, 64]), { raw: { width: 2, height: 2, channels: 1 } })
      .png()
      .toBuffer();
    const bytes = await decodeImageBytes('grey.png', grey, { width: 2, height: 2, fit: 'stretch' });
    expect([...bytes]).toEqual([0, 0, 0, 128, 128, 128, 255, 255, 255, 64, 64, 64]);
  });

  it('reduces 16-bit images to 8 bits', async () => {
    const sixteen = await sharp(gradientPixels(4, 4), { raw: { width: 4, height: 4, channels: 3 } })
      .toColourspace('rgb16')
      .png()
      .toBuffer();
    expect((await sharp(sixteen).metadata()).depth).toBe('ushort');
    const bytes = await decodeImageBytes('deep.png', sixteen, { width: 4, height: 4, fit: 'stretch' });
    expect(rgb(bytes, 3, 2, 4)).toEqual([30, 20, 7]);
  });

  it('flattens transparency onto white', async () => {
    const rgba = Buffer.from([255, 0, 0, 255, 0, 0, 255, 0]);
    const png = await sharp(rgba, { raw: { width: 2, height: 1, channels: 4 } })
      .png()
      .toBuffer();
    const bytes = await decodeImageBytes('alpha.png', png, { width: 2, height: 1, fit: 'stretch' });
    expect([...bytes]).toEqual([255, 0, 0, 255, 255, 255]);
  });

  it('applies the EXIF orientation, as a browser shows the photo', async () => {
    // 4 wide, 2 high, left half black and right half white; orientation 6 means "rotate 90° clockwise to view".
    const raw = Buffer.alloc(4 * 2 * 3);
    for (let y = 0; y < 2; y++)
      for (let x = 2; x < 4; x++) raw.fill(255, (y * 4 + x) * 3, (y * 4 + x) * 3 + 3);
    const jpeg = await sharp(raw, { raw: { width: 4, height: 2, channels: 3 } })
      .jpeg({ quality: 100 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const bytes = await decodeImageBytes('photo.jpg', jpeg, { width: 2, height: 4, fit: 'stretch' });
    // viewed upright the image is 2 wide and 4 high: black on top, white below (unrotated: black left, white right)
    expect(rgb(bytes, 1, 0, 2)[0]).toBeLessThan(40);
    expect(rgb(bytes, 0, 3, 2)[0]).toBeGreaterThan(215);
  });

  it('takes the first frame of an animation', async () => {
    const frames = Buffer.concat([Buffer.alloc(4 * 4 * 3, 0), Buffer.alloc(4 * 4 * 3, 255)]);
    const animated = await sharp(frames, {
      raw: { width: 4, height: 8, channels: 3, pageHeight: 4 } as never,
    })
      .gif({ loop: 0 })
      .toBuffer();
    expect((await sharp(animated).metadata()).pages).toBe(2);
    const bytes = await decodeImageBytes('animated.gif', animated, { width: 4, height: 4, fit: 'stretch' });
    expect(Math.max(...bytes)).toBeLessThan(16);
  });

  it('stretches, crops or letterboxes to the frame', async () => {
    // 4×2: left half red, right half blue
    const raw = Buffer.alloc(4 * 2 * 3);
    for (let y = 0; y < 2; y++) {
      for (let x = 0; x < 4; x++) raw.set(x < 2 ? [255, 0, 0] : [0, 0, 255], (y * 4 + x) * 3);
    }
    const png = await sharp(raw, { raw: { width: 4, height: 2, channels: 3 } })
      .png()
      .toBuffer();
    // Resampling blends the two halves a little at the seam.
    const stretch = await decodeImageBytes('wide.png', png, { width: 2, height: 2, fit: 'stretch' });
    const [left, right] = [rgb(stretch, 0, 0, 2), rgb(stretch, 1, 1, 2)];
    expect(left[0]! > 200 && left[2]! < 55).toBe(true);
    expect(right[2]! > 200 && right[0]! < 55).toBe(true);
    const letterbox = await decodeImageBytes('wide.png', png, { width: 4, height: 4, fit: 'letterbox' });
    expect(rgb(letterbox, 0, 0, 4)).toEqual([255, 255, 255]);
    expect(rgb(letterbox, 0, 1, 4)[0]).toBeGreaterThan(200);
    expect(rgb(letterbox, 0, 1, 4)[1]).toBeLessThan(55);
    // 6×2: green, red and blue thirds; cropping to a square keeps the red centre
    const thirds = Buffer.alloc(6 * 2 * 3);
    for (let y = 0; y < 2; y++) {
      for (let x = 0; x < 6; x++)
        thirds.set(x < 2 ? [0, 255, 0] : x < 4 ? [255, 0, 0] : [0, 0, 255], (y * 6 + x) * 3);
    }
    const three = await sharp(thirds, { raw: { width: 6, height: 2, channels: 3 } })
      .png()
      .toBuffer();
    const crop = await decodeImageBytes('thirds.png', three, { width: 2, height: 2, fit: 'crop' });
    expect([...crop]).toEqual([255, 0, 0, 255, 0, 0, 255, 0, 0, 255, 0, 0]);
  });
});

describe('refusing images in formats Whisker does not read', () => {
  const READS = 'it reads JPEG, PNG, WebP, GIF, TIFF and AVIF';
  const refusal = (name: string, bytes: Uint8Array) =>
    decodeImageBytes(name, bytes, { width: 2, height: 2, fit: 'stretch' }).then(
      () => 'decoded',
      (error: Error) => error.message,
    );

  it(`names a BMP for what it is, and says what Whisker reads (with sharp's ${sharpBuildFor(process.env, process.versions, process.platform)} build)`, async () => {
    expect(await refusal('drawing.bmp', bmp())).toBe(
      `drawing.bmp: a BMP image, a format Whisker does not read; ${READS}`,
    );
  });

  it('names the other formats people keep beside their photos, whichever build would have read them', async () => {
    const ppm = Buffer.concat([Buffer.from('P6\n2 2\n255\n'), Buffer.alloc(12, 0x80)]);
    const qoi = Buffer.concat([
      Buffer.from('qoif'),
      Buffer.from([0, 0, 0, 2, 0, 0, 0, 2, 3, 0]),
      Buffer.alloc(16),
    ]);
    const icon = Buffer.concat([Buffer.from([0, 0, 1, 0, 1, 0]), Buffer.alloc(40)]);
    const photoshop = Buffer.concat([Buffer.from('8BPS'), Buffer.alloc(40)]);
    // the WebAssembly build reads this one, the native build does not
    const radiance = Buffer.from(
      '#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 1 +X 1\n\x80\x80\x80\x80',
      'latin1',
    );
    expect([
      await refusal('a.ppm', ppm),
      await refusal('a.qoi', qoi),
      await refusal('favicon.ico', icon),
      await refusal('layers.psd', photoshop),
      await refusal('sky.hdr', radiance),
    ]).toEqual([
      `a.ppm: a Netpbm image (PBM, PGM or PPM), a format Whisker does not read; ${READS}`,
      `a.qoi: a QOI image, a format Whisker does not read; ${READS}`,
      `favicon.ico: a Windows icon, a format Whisker does not read; ${READS}`,
      `layers.psd: a Photoshop document, a format Whisker does not read; ${READS}`,
      `sky.hdr: a Radiance HDR image, a format Whisker does not read; ${READS}`,
    ]);
  });

  it('still calls bytes of no known format not an image', async () => {
    expect(await refusal('notes.png', Buffer.from('shopping: milk, eggs'))).toBe(
      'notes.png: not an image (unsupported or unrecognised format)',
    );
  });
});
