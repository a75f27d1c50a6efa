// The app's icon in every size the window, the packaging and the browser host need, drawn from
// resources/icon.svg with sharp: `node scripts/icons.mjs` after changing the drawing.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

export const resources = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../resources');

/** [file under resources/, size in pixels] */
export const ICONS = [
  // electron-builder: macOS and Windows convert this one; Linux takes the set in icons/
  ['icon.png', 1024],
  ...[16, 32, 48, 64, 128, 256, 512].map((size) => [`icons/${size}x${size}.png`, size]),
  // the renderer's own folder of static files: the browser's favicon and the window's icon
  ['public/favicon.png', 64],
  ['public/icon.png', 256],
];

/** The icon as a PNG of size × size pixels. */
export function renderIcon(size) {
  const svg = readFileSync(path.join(resources, 'icon.svg'));
  // the drawing is 1024 units wide: render it at the density that gives `size` pixels directly
  return sharp(svg, { density: (72 * size) / 1024 })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toBuffer();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [file, size] of ICONS) {
    const target = path.join(resources, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, await renderIcon(size));
    console.log(`${file} (${size}×${size})`);
  }
}
