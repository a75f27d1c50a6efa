/**
 * Fuzzing the model reader: valid safetensors model files, mutated in their
 * header bytes, header length, tensor offsets, dtypes and shapes, metadata
 * values and body. Each must be refused with a reason (a ModelFileError), or
 * accepted and then predict finite probabilities for any image; either within
 * a time and a memory bound.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/core/metrics.ts';
import { networkFromModel } from '../../src/core/model.ts';
import { decodeModel, encodeModel, ModelFileError } from '../../src/core/modelFile.ts';
import { Random } from '../../src/core/random.ts';
import { smallModel } from '../helpers/models.ts';
import { preset } from '../../src/core/presets.ts';
import { fuzzParameters, fuzzTimeout, Tally } from './budget.ts';

const BOUNDED_RUNS = 400;
const MS_PER_CASE = 250;
const MEMORY_BOUND = 64 * 2 ** 20;

const seeds = [
  encodeModel(smallModel(['cat', 'dog'])),
  encodeModel(smallModel(['a', 'b', 'c'], { width: 3, height: 2 })),
  encodeModel(
    smallModel(['x', 'y'], {
      info: {
        setup: {
          ...preset('Quick: one hidden layer, Adam'),
          hidden: [{ units: 5, activation: 'relu' }],
          input: { width: 4, height: 4, fit: 'stretch' },
          classOrder: ['x', 'y'],
        },
        metrics: { trainAccuracy: 0.5 },
      },
    }),
  ),
];

type Header = Record<string, Record<string, unknown>>;

function headerOf(bytes: Uint8Array): { header: Header; body: Uint8Array } {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return {
    header: JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))),
    body: bytes.subarray(8 + n),
  };
}

function withHeader(header: unknown, body: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + body.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(body, 8 + json.length);
  return out;
}

/** Numbers a hostile file would pick: edges, huge, negative, fractional, and what 1e999 reads as. */
const hostileNumber = fc.oneof(
  fc.constantFrom(
    0,
    1,
    -1,
    2 ** 31,
    2 ** 32,
    2 ** 53,
    -(2 ** 53),
    1e308,
    Infinity,
    -Infinity,
    0.5,
    267_922_001,
  ),
  fc.integer(),
  fc.double(),
);
const hostileValue = fc.oneof(
  hostileNumber,
  fc.string(),
  fc.constantFrom(null, true, [], {}),
  fc.array(hostileNumber, { maxLength: 4 }),
  fc.jsonValue({ maxDepth: 2 }),
);
/** JSON as JSON.stringify cannot write it: infinities spelled as 1e999 */
const jsonText = (value: unknown) =>
  JSON.stringify(value, (_k, v: unknown) => (v === Infinity ? 'INF' : v === -Infinity ? '-INF' : v))
    .replaceAll('"INF"', '1e999')
    .replaceAll('"-INF"', '-1e999');

/** Replaces one value somewhere inside a JSON value. */
function replaceInside(value: unknown, path: number[], replacement: unknown): unknown {
  if (path.length === 0 || value === null || typeof value !== 'object') return replacement;
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const key = keys[path[0]! % keys.length]!;
  const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string, unknown>;
  copy[key] = replaceInside((value as Record<string, unknown>)[key], path.slice(1), replacement);
  return copy;
}

type Mutation = (bytes: Uint8Array) => Uint8Array;

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // any bytes, anywhere: header JSON, its padding, the body
  fc
    .array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 })
    .map((flips) => (bytes: Uint8Array) => {
      const out = bytes.slice();
      for (const [at, value] of flips) out[at % out.length] = value;
      return out;
    }),
  // the header's length field
  fc
    .oneof(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.constantFrom(0n, 1n, 7n, 2n ** 63n))
    .map((length) => (bytes: Uint8Array) => {
      const out = bytes.slice();
      new DataView(out.buffer).setBigUint64(0, length, true);
      return out;
    }),
  // a weight or bias: the largest and smallest finite float32 values, and others far from usual ones
  fc
    .array(
      fc.tuple(
        fc.nat(),
        fc.oneof(
          fc.constantFrom(3.4028234663852886e38, -3.4028234663852886e38, 1e30, -1e20, 1.4e-45, -0),
          fc.float({ noNaN: true, noDefaultInfinity: true }),
        ),
      ),
      { minLength: 1, maxLength: 6 },
    )
    .map((values) => (bytes: Uint8Array) => {
      const out = bytes.slice();
      const { body } = headerOf(out);
      const start = out.length - body.length;
      const view = new DataView(out.buffer);
      for (const [at, value] of values) {
        if (body.length >= 4) view.setFloat32(start + 4 * (at % Math.floor(body.length / 4)), value, true);
      }
      return out;
    }),
  // cut short or lengthened
  fc.nat().map((at) => (bytes: Uint8Array) => bytes.subarray(0, at % bytes.length)),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((extra) => (bytes: Uint8Array) => {
    const out = new Uint8Array(bytes.length + extra.length);
    out.set(bytes);
    out.set(extra, bytes.length);
    return out;
  }),
  // a tensor's dtype, shape or offsets, or the tensor itself
  fc
    .record({
      tensor: fc.nat(),
      field: fc.constantFrom('dtype', 'shape', 'data_offsets', 'delete', 'duplicate'),
      value: fc.oneof(
        fc.constantFrom('F32', 'F16', 'BF16', 'F64', 'I64', 'U8', 'BOOL', 'F8_E4M3'),
        fc.array(hostileNumber, { maxLength: 4 }),
        hostileValue,
      ),
    })
    .map(({ tensor, field, value }) => (bytes: Uint8Array) => {
      const { header, body } = headerOf(bytes);
      const names = Object.keys(header).filter((k) => k !== '__metadata__');
      const name = names[tensor % names.length]!;
      if (field === 'delete') delete header[name];
      else if (field === 'duplicate') header[`${name}.copy`] = header[name]!;
      else header[name] = { ...header[name], [field]: value };
      return withHeader(header, body);
    }),
  // a metadata value: replaced whole, or one value inside its JSON
  fc
    .record({
      key: fc.constantFrom(
        'format',
        'format_version',
        'architecture',
        'input',
        'classes',
        'training',
        'metrics',
        'dataset_hash',
        'created_at',
      ),
      path: fc.array(fc.nat(), { maxLength: 4 }),
      value: hostileValue,
      whole: fc.boolean(),
    })
    .map(({ key, path, value, whole }) => (bytes: Uint8Array) => {
      const { header, body } = headerOf(bytes);
      const metadata = header['__metadata__']!;
      if (whole) metadata[key] = typeof value === 'string' ? value : jsonText(value);
      else {
        let parsed: unknown;
        try {
          parsed = JSON.parse(String(metadata[key]));
        } catch {
          parsed = metadata[key];
        }
        metadata[key] = jsonText(replaceInside(parsed, path, value));
      }
      return withHeader(header, body);
    }),
  // the images it takes grown, with the architecture to match, past what the file holds
  fc
    .tuple(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 5000 }))
    .map(([width, height]) => (bytes: Uint8Array) => {
      const { header, body } = headerOf(bytes);
      const metadata = header['__metadata__']!;
      const input = JSON.parse(String(metadata['input']));
      const architecture = JSON.parse(String(metadata['architecture']));
      metadata['input'] = JSON.stringify({ ...input, width, height });
      metadata['architecture'] = JSON.stringify({ ...architecture, inputSize: width * height * 3 });
      header['layers.0.weight']!['shape'] = [architecture.layers[0].units, width * height * 3];
      return withHeader(header, body);
    }),
  // the architecture grown past what the file holds
  fc
    .record({ layer: fc.nat(), units: hostileNumber, input: fc.boolean() })
    .map(({ layer, units, input }) => (bytes: Uint8Array) => {
      const { header, body } = headerOf(bytes);
      const metadata = header['__metadata__']!;
      const architecture = JSON.parse(String(metadata['architecture']));
      if (input) architecture.inputSize = units;
      else architecture.layers[layer % architecture.layers.length].units = units;
      metadata['architecture'] = jsonText(architecture);
      return withHeader(header, body);
    }),
);

/** Probabilities for a few images, the darkest, the brightest and random ones. */
function predictAll(model: ReturnType<typeof decodeModel>): Float32Array {
  const { width, height, scale } = model.info.input;
  const inputSize = width * height * 3;
  const random = new Random(7);
  const count = 4;
  const inputs = new Uint8Array(inputSize * count);
  inputs.fill(255, inputSize, 2 * inputSize);
  for (let i = 2 * inputSize; i < inputs.length; i++) inputs[i] = Math.floor(random.uniform() * 256);
  const network = networkFromModel(model);
  try {
    return evaluate(
      network,
      { inputs, labels: new Uint16Array(count), count, inputSize, scale },
      model.info.classes.length,
    ).probabilities;
  } finally {
    network.dispose();
  }
}

describe('the model reader, fuzzed', () => {
  it(
    'refuses each mutated model file with a reason, or accepts it and predicts finite probabilities, in bounded time and memory',
    () => {
      const tally = new Tally();
      let cases = 0;
      fc.assert(
        fc.property(
          fc.constantFrom(...seeds),
          fc.array(mutation, { minLength: 1, maxLength: 3 }),
          (seed, mutations) => {
            cases++;
            let bytes: Uint8Array = seed;
            for (const mutate of mutations) {
              try {
                bytes = mutate(bytes);
              } catch {
                // a mutation that needs a readable header does nothing to one already broken
              }
            }
            const started = performance.now();
            const memoryBefore = process.memoryUsage().arrayBuffers;
            let model;
            try {
              model = decodeModel(bytes);
            } catch (error) {
              expect(error).toBeInstanceOf(ModelFileError);
              expect((error as Error).message.length).toBeGreaterThan(0);
              tally.add('refused');
              return;
            } finally {
              expect(performance.now() - started).toBeLessThan(MS_PER_CASE);
              expect(process.memoryUsage().arrayBuffers - memoryBefore).toBeLessThan(MEMORY_BOUND);
            }
            const probabilities = predictAll(model);
            const classes = model.info.classes.length;
            for (let i = 0; i < probabilities.length; i += classes) {
              const row = Array.from(probabilities.subarray(i, i + classes));
              expect(
                row.every((p) => Number.isFinite(p) && p >= 0 && p <= 1),
                `row ${row}`,
              ).toBe(true);
              expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-4);
            }
            tally.add(bytes === seed ? 'unchanged' : 'accepted');
          },
        ),
        fuzzParameters(BOUNDED_RUNS),
      );
      console.log(tally.report('model files', cases));
    },
    fuzzTimeout(BOUNDED_RUNS, 50),
  );
});
