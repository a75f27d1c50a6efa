import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ICONS, renderIcon, resources } from '../../scripts/icons.mjs';

async function pixels(png: Buffer) {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

describe("the app's icon", () => {
  it.each(ICONS)(
    '%s is the drawing in resources/icon.svg at %i pixels (run `npm run icons` after changing it)',
    async (file, size) => {
      const committed = await pixels(readFileSync(path.join(resources, file)));
      const drawn = await pixels(await renderIcon(size));
      expect([committed.width, committed.height]).toEqual([size, size]);
      expect(committed.data.equals(drawn.data)).toBe(true);
    },
  );
});
