/**
 * The course's HDF5 files into a data set, read with h5wasm (the HDF5
 * library compiled to WebAssembly). Layout, as in train_catvnoncat.h5:
 *   <prefix>_x      uint8 [m, height, width, 3]   images, HWC
 *   <prefix>_y      integers [m]                  labels, indices into list_classes
 *   list_classes    strings                       class names in label order
 * A file whose prefix starts with "test" gives the test split, "val" the
 * validation split, anything else the training split.
 */
import path from 'node:path';
import { classNamesProblem } from '../core/classNames.ts';
import { MAX_IMAGES } from '../core/examples.ts';
import { DEFAULT_DECODE, decodeOptionsProblem, type DecodeOptions } from './decode.ts';
import type { DataSet, Images, SplitName } from './dataSet.ts';
import { FileError } from './fileError.ts';
import { imageLibrary } from './imageLibrary.ts';
import { openRegularFile } from './regularFile.ts';

/** h5wasm, loaded when a file is first read: only the trainer and the command line read .h5 files. */
const loadH5wasm = async () => (await import('h5wasm/node')).default;
type H5wasm = Awaited<ReturnType<typeof loadH5wasm>>;

const SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);
/** The images go through h5wasm's WebAssembly memory, which ends at 4 GiB. */
const MAX_H5_BYTES = 4 * 2 ** 30;

export class H5Error extends FileError {
  override name = 'H5Error';
}

/** HDF5's superblock sits at byte 0, 512, 1024, 2048, …: look for its signature before handing the file over. */
async function hasHdf5Signature(file: string): Promise<boolean> {
  const handle = await openRegularFile(file, { maxBytes: MAX_H5_BYTES });
  try {
    const { size } = await handle.stat();
    const probe = Buffer.alloc(8);
    for (let offset = 0; offset + 8 <= size; offset = offset === 0 ? 512 : offset * 2) {
      await handle.read(probe, 0, 8, offset);
      if (probe.equals(SIGNATURE)) return true;
    }
    return false;
  } finally {
    await handle.close();
  }
}

interface H5Split {
  readonly split: SplitName;
  readonly classes: string[];
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
  readonly labels: Uint16Array;
}

function splitOf(prefix: string): SplitName {
  const p = prefix.toLowerCase();
  return p.startsWith('test') ? 'test' : p.startsWith('val') ? 'validation' : 'train';
}

async function readSplit(file: string): Promise<H5Split> {
  const fail = (reason: string): never => {
    throw new H5Error(file, reason);
  };
  try {
    if (!(await hasHdf5Signature(file))) fail('not an HDF5 file');
  } catch (error) {
    if (error instanceof H5Error) throw error;
    if (error instanceof FileError) fail(error.reason);
    fail(`cannot be read (${(error as Error).message})`);
  }
  const h5wasm = await loadH5wasm();
  await h5wasm.ready;
  let h5: InstanceType<H5wasm['File']>;
  try {
    h5 = new h5wasm.File(file, 'r');
  } catch (error) {
    return fail(`the HDF5 library could not open it (${(error as Error).message})`);
  }
  try {
    const keys = h5.keys();
    const xKey = keys.find((k) => k.endsWith('_x'));
    if (xKey === undefined)
      fail(`no images: expected a dataset named like "train_set_x" (found ${keys.join(', ') || 'nothing'})`);
    const prefix = xKey!.slice(0, -2);
    const yKey = `${prefix}_y`;
    if (!keys.includes(yKey)) fail(`no labels: expected a dataset "${yKey}" beside "${xKey}"`);
    if (!keys.includes('list_classes')) fail('no class names: expected a dataset "list_classes"');

    const x = h5.get(xKey!) as InstanceType<H5wasm['Dataset']>;
    const y = h5.get(yKey) as InstanceType<H5wasm['Dataset']>;
    const names = h5.get('list_classes') as InstanceType<H5wasm['Dataset']>;
    const shape = x.shape ?? [];
    const xMeta = x.metadata;
    if (shape.length !== 4 || shape[3] !== 3 || xMeta.size !== 1 || xMeta.signed || xMeta.type !== 0) {
      fail(
        `"${xKey}" must hold unsigned bytes shaped [images, height, width, 3], found ${x.dtype} [${shape.join(', ')}]`,
      );
    }
    const [count, height, width] = shape as [number, number, number];
    if (count < 1 || count > MAX_IMAGES) fail(`"${xKey}" holds ${count} images; expected 1 to ${MAX_IMAGES}`);
    if (y.shape?.length !== 1 || y.shape[0] !== count || y.metadata.type !== 0) {
      fail(`"${yKey}" must hold ${count} integer labels, found ${y.dtype} [${(y.shape ?? []).join(', ')}]`);
    }
    const classes = (names.value as unknown[]).map((name) =>
      typeof name === 'string' ? name : new TextDecoder().decode(name as Uint8Array),
    );
    const namesProblem = classNamesProblem(classes);
    if (namesProblem !== null) fail(`"list_classes": ${namesProblem}`);
    const pixels = x.value as Uint8Array;
    const rawLabels = y.value as ArrayLike<number | bigint>;
    const labels = new Uint16Array(count);
    for (let i = 0; i < count; i++) {
      const label = Number(rawLabels[i]);
      if (!Number.isInteger(label) || label < 0 || label >= classes.length) {
        fail(`label ${String(rawLabels[i])} of image ${i} is not one of the ${classes.length} classes`);
      }
      labels[i] = label;
    }
    return { split: splitOf(prefix), classes, width, height, pixels: new Uint8Array(pixels), labels };
  } finally {
    h5.close();
  }
}

/** Resizes every HWC image to the decode size, with the same fit as images from folders. */
async function resized(
  pixels: Uint8Array,
  count: number,
  from: { width: number; height: number },
  to: DecodeOptions,
) {
  const inBytes = from.width * from.height * 3;
  const outBytes = to.width * to.height * 3;
  const out = new Uint8Array(count * outBytes);
  const fit = { stretch: 'fill', crop: 'cover', letterbox: 'contain' } as const;
  const sharp = imageLibrary();
  for (let i = 0; i < count; i++) {
    const image = await sharp(pixels.subarray(i * inBytes, (i + 1) * inBytes), {
      raw: { width: from.width, height: from.height, channels: 3 },
    })
      .resize(to.width, to.height, { fit: fit[to.fit], background: { r: 255, g: 255, b: 255 } })
      .raw()
      .toBuffer();
    out.set(image, i * outBytes);
  }
  return out;
}

/** One or more .h5 files (for example the course's train and test files) into one data set. */
export async function importH5(
  files: readonly string[],
  options: { decode?: Partial<DecodeOptions> } = {},
): Promise<DataSet> {
  const decode: DecodeOptions = { ...DEFAULT_DECODE, ...options.decode };
  const problem = decodeOptionsProblem(decode);
  if (problem !== null) throw new Error(problem);
  if (files.length === 0) throw new Error('no .h5 file given');

  const parts = new Map<SplitName, Images>();
  let classes: string[] | null = null;
  for (const file of files) {
    const part = await readSplit(file);
    if (classes !== null && classes.join('\n') !== part.classes.join('\n')) {
      throw new H5Error(
        file,
        `its classes ${JSON.stringify(part.classes)} differ from ${JSON.stringify(classes)}`,
      );
    }
    classes = part.classes;
    if (parts.has(part.split))
      throw new H5Error(file, `a second ${part.split} split; give one file per split`);
    const count = part.labels.length;
    const pixels =
      part.width === decode.width && part.height === decode.height
        ? part.pixels
        : await resized(part.pixels, count, part, decode);
    const name = path.basename(file);
    parts.set(part.split, {
      pixels,
      labels: part.labels,
      files: Array.from({ length: count }, (_, i) => `${name}#${i}`),
    });
  }
  const train = parts.get('train');
  if (train === undefined) {
    throw new Error(
      `no training split among ${files.map((f) => path.basename(f)).join(', ')}: add the train file`,
    );
  }
  return {
    classes: classes!,
    width: decode.width,
    height: decode.height,
    train,
    validation: parts.get('validation') ?? null,
    test: parts.get('test') ?? null,
    splitBy: 'file',
    skipped: [],
  };
}
