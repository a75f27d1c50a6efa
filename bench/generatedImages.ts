/**
 * Folders of generated PNG images for the bench: two classes of pictures,
 * smooth gradients with noise (they compress like photos, not like flat
 * colour). Each folder is made once, in the system's temporary folder, and
 * kept for later runs.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { Random } from '../src/core/random.ts';

const CLASSES = ['bright', 'dark'];
/** images encoded at once */
const IN_FLIGHT = 8;

/** The folder of `count` images `side` pixels square, made now if it is not there yet. */
export async function generatedFolder(count: number, side: number): Promise<string> {
  const folder = path.join(
    tmpdir(),
    side === 128 ? `whisker-bench-${count}-png` : `whisker-bench-${count}-${side}px-png`,
  );
  const done = path.join(folder, '.complete');
  if (existsSync(done)) return folder;
  const random = new Random(count);
  for (const name of CLASSES) mkdirSync(path.join(folder, name), { recursive: true });
  const picture = (label: number) => {
    const pixels = Buffer.alloc(side * side * 3);
    const base = label === 0 ? 150 : 30;
    for (let p = 0; p < pixels.length; p++) pixels[p] = base + ((p >> 5) % 64) + random.below(40);
    return pixels;
  };
  for (let start = 0; start < count; start += IN_FLIGHT) {
    const writes = [];
    for (let i = start; i < Math.min(count, start + IN_FLIGHT); i++) {
      const label = i % 2;
      const file = path.join(folder, CLASSES[label]!, `${String(i).padStart(5, '0')}.png`);
      writes.push(
        sharp(picture(label), { raw: { width: side, height: side, channels: 3 } })
          .png()
          .toFile(file),
      );
    }
    await Promise.all(writes);
  }
  writeFileSync(done, '');
  return folder;
}
