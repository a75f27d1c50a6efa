/**
 * What this process's sharp build makes of image files: for each file and size, a digest of the
 * pixels it decodes to, or the reason it is refused. Run in a child process per build
 * (WHISKER_SHARP), so that the two builds' answers can be compared.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { decodeImage, type DecodeOptions } from '../../src/data/decode.ts';
import { FileError } from '../../src/data/fileError.ts';
import { builtAs, imageLibrary, type SharpBuild } from '../../src/data/imageLibrary.ts';
import { withModuleFile } from './moduleFile.ts';

export interface Outcomes {
  readonly build: SharpBuild;
  /** `file @ width×height fit` → `pixels <sha256>` or `refused: <reason>` */
  readonly outcomes: Record<string, string>;
}

export async function decodeOutcomes(
  files: readonly string[],
  sizes: readonly DecodeOptions[],
): Promise<Outcomes> {
  const outcomes: Record<string, string> = {};
  for (const file of files) {
    for (const size of sizes) {
      const key = `${file} @ ${size.width}×${size.height} ${size.fit}`;
      outcomes[key] = await decodeImage(file, size).then(
        (pixels) => `pixels ${createHash('sha256').update(pixels).digest('hex')}`,
        (error: Error) => `refused: ${error instanceof FileError ? error.reason : error.message}`,
      );
    }
  }
  return { build: builtAs(imageLibrary()), outcomes };
}

/** decodeOutcomes() in a fresh Node process using `build`. */
export function decodeOutcomesWith(
  build: SharpBuild,
  files: readonly string[],
  sizes: readonly DecodeOptions[],
): Promise<Outcomes> {
  const script = `
    import { decodeOutcomes } from ${JSON.stringify(path.resolve('test/helpers/decodeOutcomes.ts'))};
    const files = ${JSON.stringify(files)};
    console.log(JSON.stringify(await decodeOutcomes(files, ${JSON.stringify(sizes)})));`;
  const env = { ...process.env, WHISKER_SHARP: build === 'wasm' ? 'wasm' : '' };
  return withModuleFile(script, (file) => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', file], {
      encoding: 'utf8',
      env,
      maxBuffer: 64 * 2 ** 20,
    });
    if (run.status !== 0) throw new Error(`the ${build} decoder failed: ${run.stderr}`);
    return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Outcomes;
  });
}
