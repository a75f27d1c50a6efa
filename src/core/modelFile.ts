/**
 * The model file: a safetensors container (huggingface/safetensors):
 *   u64 little-endian N | N bytes of JSON header, space-padded to 8 | tensor bytes
 * with each layer's tensors in float32, in the network's order (architecture.ts's
 * placeLayers says them once):
 *   dense                layers.{i}.weight [n_l, n_(l−1)], layers.{i}.bias [n_l]
 *   conv2d               layers.{i}.weight [filters, k, k, C_in] (OHWI), layers.{i}.bias [filters]
 *   batchNorm            layers.{i}.weight γ [C], .bias β [C], .runningMean [C], .runningVariance [C]
 *   pools, flatten, dropout   none
 * Activations are NHWC (an image's values row by row, each pixel's channels together), so a
 * dense layer after a flatten reads H·W·C values in that order. Whisker's description of the
 * model is in `__metadata__` as JSON strings. Reading trusts nothing: every size, name, shape, offset and
 * value is checked, and a refusal says what is wrong.
 */
import {
  architectureProblems,
  describeArchitecture,
  describeShape,
  LIMITS,
  outputLayer,
  parameterCount,
  placeLayers,
  type Architecture,
} from './architecture.ts';
import { classNamesProblem } from './classNames.ts';
import { overflowingLayer } from './outputBound.ts';
import { architectureFor, FITS, outputUnitsFor, setupProblems, type Fit, type RunSetup } from './runSetup.ts';
import { migrateTraining, withLaterSettings } from './storedSetup.ts';

/** 2: the run setup as `setup` (format 1 kept `training` in one of two shapes) and the input's fit */
export const MODEL_FORMAT_VERSION = 2;
export const MAX_HEADER_BYTES = 1 << 20;

export interface InputSpec {
  readonly width: number;
  readonly height: number;
  readonly channels: 3;
  readonly layout: 'HWC';
  /** network input = stored byte · scale */
  readonly scale: number;
  /** how a photo of another shape is brought to width × height */
  readonly fit: Fit;
}

export interface ModelInfo {
  readonly input: InputSpec;
  readonly classes: readonly string[];
  /** how it was trained; null when that is not known */
  readonly setup: RunSetup | null;
  /** final metrics, by name */
  readonly metrics: Readonly<Record<string, number>> | null;
  /** hash of the training set the weights came from */
  readonly datasetHash: string | null;
  /** ISO 8601 */
  readonly createdAt: string;
}

export interface Model {
  readonly architecture: Architecture;
  /** every layer's weight then bias, in the Network's flat order */
  readonly params: Float32Array;
  readonly info: ModelInfo;
}

export class ModelFileError extends Error {
  override name = 'ModelFileError';
}

function refuse(reason: string): never {
  throw new ModelFileError(reason);
}

/** Files people mistake for a model Whisker can open, by their first bytes. */
const FOREIGN_FORMATS: readonly { what: string; starts: (b: Uint8Array) => boolean }[] = [
  {
    what: 'an HDF5 file (a Keras model or a data set)',
    starts: (b) => ascii(b, 1, 3) === 'HDF' && b[0] === 0x89,
  },
  { what: 'a zip archive (a PyTorch .pt model, perhaps)', starts: (b) => ascii(b, 0, 4) === 'PK\x03\x04' },
  {
    what: 'a Python pickle (a PyTorch or scikit-learn model, perhaps)',
    // the protocol (2 to 5), then a frame, a long, a dict or a global
    starts: (b) => b[0] === 0x80 && b[1]! >= 2 && b[1]! <= 5 && [0x95, 0x8a, 0x7d, 0x63].includes(b[2]!),
  },
  { what: 'a JSON file (a TensorFlow.js model, perhaps)', starts: (b) => b[0] === 0x7b },
  // ONNX's ModelProto opens with its IR version: field 1, a small varint
  { what: 'an ONNX model', starts: (b) => b[0] === 0x08 && b[1]! > 0 && b[1]! < 32 && b[2] === 0x12 },
];

function ascii(bytes: Uint8Array, from: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(from, from + length));
}

/** Refuses a file that is not a Whisker model, saying what it seems to be when that is recognisable. */
function refuseForeign(bytes: Uint8Array, reason: string): never {
  const foreign = FOREIGN_FORMATS.find((format) => format.starts(bytes));
  if (foreign)
    refuse(
      `it is ${foreign.what}; Whisker opens the .safetensors model files it saves (it exports ONNX but cannot open it)`,
    );
  refuse(reason);
}

function tensorLayout(architecture: Architecture): { name: string; shape: number[]; size: number }[] {
  return placeLayers(architecture).flatMap((layer, i) =>
    layer.tensors.map((tensor) => ({
      name: `layers.${i}.${tensor.name}`,
      shape: [...tensor.shape],
      size: tensor.shape.reduce((a, b) => a * b, 1),
    })),
  );
}

/** Refuses a model that could not be written to a file or used: the same rules as reading one. */
export function assertModel(model: Model, what = 'this model'): void {
  const problems = modelProblems(model.architecture, model.info ?? {});
  if (problems.length > 0) refuse(`${what}: ${problems.join('; ')}`);
  if (!(model.params instanceof Float32Array) || model.params.length !== parameterCount(model.architecture)) {
    refuse(
      `${what}: ${model.params?.length} parameters for an architecture of ${parameterCount(model.architecture)}`,
    );
  }
  const bad = model.params.findIndex((value) => !Number.isFinite(value));
  if (bad >= 0) refuse(`${what}: parameter ${bad} is not a finite number (${model.params[bad]})`);
}

export function encodeModel(model: Model): Uint8Array {
  assertModel(model, 'cannot save this model');
  const header: Record<string, unknown> = {
    __metadata__: {
      format: 'whisker',
      format_version: String(MODEL_FORMAT_VERSION),
      architecture: JSON.stringify(model.architecture),
      input: JSON.stringify(model.info.input),
      classes: JSON.stringify(model.info.classes),
      setup: JSON.stringify(model.info.setup),
      metrics: JSON.stringify(model.info.metrics),
      dataset_hash: model.info.datasetHash ?? '',
      created_at: model.info.createdAt,
    },
  };
  let offset = 0;
  for (const tensor of tensorLayout(model.architecture)) {
    header[tensor.name] = {
      dtype: 'F32',
      shape: tensor.shape,
      data_offsets: [offset, offset + tensor.size * 4],
    };
    offset += tensor.size * 4;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const withSpaces = new Uint8Array(padded).fill(0x20);
    withSpaces.set(json);
    json = withSpaces;
  }
  const bytes = new Uint8Array(8 + json.length + offset);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, BigInt(json.length), true);
  bytes.set(json, 8);
  const body = new DataView(bytes.buffer, 8 + json.length);
  for (let i = 0; i < model.params.length; i++) body.setFloat32(i * 4, model.params[i], true);
  return bytes;
}

export function decodeModel(bytes: Uint8Array): Model {
  const maxFileBytes = 8 + MAX_HEADER_BYTES + LIMITS.maxParameters * 4;
  if (bytes.length < 8) refuse(`the file is ${bytes.length} bytes long, too short to be a model file`);
  if (bytes.length > maxFileBytes)
    refuse(`the file is larger than any Whisker model can be (${maxFileBytes} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(MAX_HEADER_BYTES)) {
    refuseForeign(
      bytes,
      `the header claims ${headerLength} bytes, more than the ${MAX_HEADER_BYTES} allowed`,
    );
  }
  const n = Number(headerLength);
  if (8 + n > bytes.length)
    refuseForeign(bytes, `the file ends inside its header (header of ${n} bytes, file of ${bytes.length})`);

  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (error) {
    refuse(`the header is not valid JSON (${(error as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    refuse('the header is not a JSON object');
  const entries = header as Record<string, unknown>;
  const metadata = entries['__metadata__'];
  if (typeof metadata !== 'object' || metadata === null)
    refuse('the header has no __metadata__: not a Whisker model');
  const meta = metadata as Record<string, unknown>;
  for (const [key, value] of Object.entries(meta)) {
    if (typeof value !== 'string') refuse(`metadata "${key}" is not a string`);
  }
  if (meta['format'] !== 'whisker')
    refuse('the metadata does not name the Whisker format: not a Whisker model');
  const version = Number(meta['format_version']);
  if (!Number.isInteger(version) || version < 1)
    refuse(`unknown format version "${String(meta['format_version'])}"`);
  if (version > MODEL_FORMAT_VERSION) {
    refuse(
      `the model was made by a newer version of Whisker (format ${version}; this one reads up to ${MODEL_FORMAT_VERSION})`,
    );
  }

  const architecture = parseJsonField(meta, 'architecture') as Architecture;
  const input = parseJsonField(meta, 'input') as InputSpec;
  const described = {
    // format 1 had no fit: everything was stretched
    input: isPlainObject(input) && version === 1 ? { ...input, fit: 'stretch' as const } : input,
    classes: parseJsonField(meta, 'classes') as string[],
    metrics: parseJsonField(meta, 'metrics') as ModelInfo['metrics'],
    datasetHash: (meta['dataset_hash'] as string | undefined) || null,
    createdAt: typeof meta['created_at'] === 'string' ? meta['created_at'] : '',
  };
  const problems = modelProblems(architecture, described);
  if (problems.length > 0) refuse(problems.join('; '));
  const setup =
    version === 1
      ? migrateTraining(parseJsonField(meta, 'training'), architecture, described.input, described.classes)
      : (withLaterSettings(parseJsonField(meta, 'setup')) as RunSetup | null);
  if (setup !== null) {
    const shape = { inputSize: architecture.inputSize, classCount: described.classes.length };
    const setupIssues = setupProblems(setup, shape);
    if (setupIssues.length > 0) refuse(`setup: ${setupIssues.join('; ')}`);
    const network = architectureFor(setup, shape);
    const [wanted, held] = [network, architecture].map((a) => `${describeArchitecture(a)} (${a.loss})`);
    if (wanted !== held) refuse(`setup: it describes the network ${wanted}, the file holds ${held}`);
  }
  const info: ModelInfo = { ...described, setup };

  const layout = tensorLayout(architecture);
  const tensorNames = Object.keys(entries).filter((key) => key !== '__metadata__');
  const expected = new Set(layout.map((t) => t.name));
  const unexpected = tensorNames.filter((name) => !expected.has(name));
  if (unexpected.length > 0) refuse(`unexpected tensor "${unexpected[0]}" for this architecture`);

  // The tensors must fill the rest of the file exactly: checked before anything is allocated for them.
  const dataLength = bytes.length - 8 - n;
  const needed = parameterCount(architecture) * 4;
  if (dataLength < needed)
    refuse(
      `the file is truncated: its tensors take ${dataLength} bytes, where the architecture needs ${needed}`,
    );
  if (dataLength > needed) refuse(`the file has ${dataLength - needed} bytes after its last tensor`);
  const params = new Float32Array(parameterCount(architecture));
  let expectedOffset = 0;
  let paramOffset = 0;
  const body = new DataView(bytes.buffer, bytes.byteOffset + 8 + n, dataLength);
  for (const tensor of layout) {
    const entry = entries[tensor.name] as Record<string, unknown> | undefined;
    if (entry === undefined || typeof entry !== 'object' || entry === null)
      refuse(`tensor "${tensor.name}" is missing`);
    if (entry['dtype'] !== 'F32')
      refuse(`tensor "${tensor.name}" has dtype ${String(entry['dtype'])}, expected F32`);
    const shape = entry['shape'];
    if (!Array.isArray(shape) || shape.join(',') !== tensor.shape.join(',')) {
      refuse(`tensor "${tensor.name}" has shape [${String(shape)}], expected [${tensor.shape.join(', ')}]`);
    }
    const offsets = entry['data_offsets'];
    const byteSize = tensor.size * 4;
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      offsets[0] !== expectedOffset ||
      offsets[1] !== expectedOffset + byteSize
    ) {
      refuse(
        `tensor "${tensor.name}" has data offsets [${String(offsets)}], expected [${expectedOffset}, ${expectedOffset + byteSize}]`,
      );
    }
    for (let i = 0; i < tensor.size; i++) {
      const value = body.getFloat32(expectedOffset + i * 4, true);
      if (!Number.isFinite(value)) {
        refuse(`tensor "${tensor.name}" holds a non-finite value (${value}) at index ${i}`);
      }
      params[paramOffset + i] = value;
    }
    expectedOffset += byteSize;
    paramOffset += tensor.size;
  }
  const overflow = overflowingLayer(architecture, params, 255 * info.input.scale);
  if (overflow !== null) {
    refuse(
      `the weights are so large that layer ${overflow.layer} could overflow for some images (|z| up to ${overflow.bound.toExponential(1)}), giving no probabilities`,
    );
  }
  return { architecture, params, info };
}

function parseJsonField(meta: Record<string, unknown>, key: string): unknown {
  const text = meta[key];
  if (typeof text !== 'string') refuse(`metadata "${key}" is missing`);
  try {
    return JSON.parse(text);
  } catch {
    return refuse(`metadata "${key}" is not valid JSON`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What makes an architecture and its description unusable together. */
function modelProblems(architecture: unknown, info: Omit<ModelInfo, 'setup'>): string[] {
  const problems = architectureProblems(architecture).map((p) => `architecture: ${p}`);
  if (problems.length > 0) return problems;
  const arch = architecture as Architecture;
  const { input, classes, metrics } = info;
  if (
    !isPlainObject(input) ||
    !Number.isInteger(input.width) ||
    !Number.isInteger(input.height) ||
    input.width < 1 ||
    input.height < 1 ||
    input.channels !== 3 ||
    input.layout !== 'HWC' ||
    !FITS.includes(input.fit)
  ) {
    problems.push('input: expected whole-number width and height, channels 3, layout HWC and a fit');
  } else if (
    arch.inputShape !== undefined &&
    (arch.inputShape.height !== input.height ||
      arch.inputShape.width !== input.width ||
      arch.inputShape.channels !== 3)
  ) {
    problems.push(
      `input: ${input.width}×${input.height}×3 images do not match the network's input of ${describeShape(arch.inputShape)}`,
    );
  } else if (typeof input.scale !== 'number' || !(input.scale > 0 && input.scale <= 1)) {
    problems.push(`input: the scale must be a number above 0 and at most 1, got ${String(input.scale)}`);
  } else if (input.width * input.height * 3 !== arch.inputSize) {
    problems.push(
      `input: ${input.width}×${input.height}×3 images do not match an input size of ${arch.inputSize}`,
    );
  }
  const classesProblem = Array.isArray(classes) ? classNamesProblem(classes) : 'expected a list of names';
  if (classesProblem !== null) {
    problems.push(`classes: ${classesProblem}`);
  } else {
    const outputUnits = outputLayer(arch).units;
    if (outputUnitsFor(classes.length) !== outputUnits) {
      problems.push(`classes: ${classes.length} classes do not fit an output layer of ${outputUnits} units`);
    }
  }
  if (metrics !== null && !isPlainObject(metrics))
    problems.push('metrics: expected numbers by name, or null');
  else if (metrics !== null) {
    const problem = Object.entries(metrics)
      .map(([name, value]) => metricProblem(name, value))
      .find(Boolean);
    if (problem) problems.push(`metrics: ${problem}`);
  }
  return problems;
}

/** Accuracies are fractions and losses are never negative; every metric is a finite number. */
function metricProblem(name: string, value: unknown): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${name} is not a finite number`;
  if (/accuracy$/i.test(name) && (value < 0 || value > 1)) return `${name} must be from 0 to 1, got ${value}`;
  if (/loss$/i.test(name) && value < 0) return `${name} must be 0 or more, got ${value}`;
  return null;
}
