/** Files the specs make for themselves, and where the course data set is. */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

export const CATS = path.resolve(
  process.env['WHISKER_CATVNONCAT'] ?? path.join(import.meta.dirname, '../../shared/datasets/catvnoncat'),
);
export const catsAvailable = existsSync(path.join(CATS, 'train'));

/** A temporary folder for the test, removed after `use`. */
export async function inTemporaryFolder<T>(prefix: string, use: (folder: string) => Promise<T>): Promise<T> {
  const folder = await mkdtemp(path.join(tmpdir(), `whisker-${prefix}-`));
  try {
    return await use(folder);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** A folder of class folders, each holding `count` flat PNGs of its own shade, size × size. */
export async function classFolders(
  root: string,
  classes: Record<string, number>,
  { count, size }: { count: number; size: number },
): Promise<void> {
  for (const [name, shade] of Object.entries(classes)) {
    await mkdir(path.join(root, name), { recursive: true });
    for (let i = 0; i < count; i++) {
      await sharp(Buffer.alloc(size * size * 3, shade + i), {
        raw: { width: size, height: size, channels: 3 },
      })
        .png()
        .toFile(path.join(root, name, `${i}.png`));
    }
  }
}

/** A light circle on a dark 64×64 background, like the sample data's circles. */
export function circlePhoto(): Promise<Buffer> {
  return sharp(Buffer.alloc(64 * 64 * 3, 20), { raw: { width: 64, height: 64, channels: 3 } })
    .composite([
      {
        input: Buffer.from(
          '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="18" fill="#eee"/></svg>',
        ),
      },
    ])
    .png()
    .toBuffer();
}

export { writeFile };
