/**
 * Which model format a file is in, judged from its structure rather than its
 * name, reading only what that takes: a safetensors file's header, an ONNX
 * file's top-level protocol-buffer fields (the large ones are skipped).
 */
import type { FileHandle } from 'node:fs/promises';
import { openRegularFile } from './regularFile.ts';

export type ModelFormat = 'safetensors' | 'onnx';

/** upstream safetensors' own limit on the header */
const MAX_SAFETENSORS_HEADER = 100 * 2 ** 20;
const VARINT = 0;
const LENGTH_DELIMITED = 2;
/** ModelProto's fields (onnx.proto) and the wire type of each */
const ONNX_MODEL_FIELDS: ReadonlyMap<number, number> = new Map([
  [1, VARINT], // ir_version
  [2, LENGTH_DELIMITED], // producer_name
  [3, LENGTH_DELIMITED], // producer_version
  [4, LENGTH_DELIMITED], // domain
  [5, VARINT], // model_version
  [6, LENGTH_DELIMITED], // doc_string
  [7, LENGTH_DELIMITED], // graph
  [8, LENGTH_DELIMITED], // opset_import
  [14, LENGTH_DELIMITED], // metadata_props
  [20, LENGTH_DELIMITED], // training_info
  [25, LENGTH_DELIMITED], // functions
  [26, LENGTH_DELIMITED], // configuration
]);

/** The format of the model in `file`, or null when it is not a model (or cannot be read). */
export async function modelFormatOf(file: string): Promise<ModelFormat | null> {
  let handle: FileHandle;
  try {
    handle = await openRegularFile(file, { maxBytes: Number.MAX_SAFE_INTEGER });
  } catch {
    return null;
  }
  try {
    const { size } = await handle.stat();
    if (await isSafetensors(handle, size)) return 'safetensors';
    if (await isOnnx(handle, size)) return 'onnx';
    return null;
  } finally {
    await handle.close();
  }
}

async function bytesAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** u64 little-endian header length, then a JSON object of that length. */
async function isSafetensors(handle: FileHandle, size: number): Promise<boolean> {
  if (size < 8) return false;
  const length = (await bytesAt(handle, 0, 8)).readBigUInt64LE(0);
  if (length < 2n || length > BigInt(Math.min(MAX_SAFETENSORS_HEADER, size - 8))) return false;
  try {
    const header: unknown = JSON.parse((await bytesAt(handle, 8, Number(length))).toString('utf8'));
    return typeof header === 'object' && header !== null && !Array.isArray(header);
  } catch {
    return false;
  }
}

/** The varint at `position` and the position after it, or null when there is none. */
async function varintAt(handle: FileHandle, position: number): Promise<[number, number] | null> {
  const bytes = await bytesAt(handle, position, 10);
  let value = 0;
  for (let i = 0; i < bytes.length; i++) {
    value += (bytes[i]! & 0x7f) * 2 ** (7 * i);
    if ((bytes[i]! & 0x80) === 0) return Number.isSafeInteger(value) ? [value, position + i + 1] : null;
  }
  return null;
}

/** A ModelProto: known fields with their wire types, ir_version and a graph, tiling the file exactly. */
async function isOnnx(handle: FileHandle, size: number): Promise<boolean> {
  const seen = new Set<number>();
  let position = 0;
  while (position < size) {
    const key = await varintAt(handle, position);
    if (key === null) return false;
    const [tag, afterKey] = key;
    const field = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (ONNX_MODEL_FIELDS.get(field) !== wireType) return false;
    const value = await varintAt(handle, afterKey);
    if (value === null) return false;
    position = wireType === VARINT ? value[1] : value[1] + value[0];
    seen.add(field);
  }
  return position === size && seen.has(1) && seen.has(7);
}
