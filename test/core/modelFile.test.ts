import { describe, expect, it } from 'vitest';
import type { Architecture } from '../../src/core/architecture.ts';
import { NO_AUGMENTATION } from '../../src/core/augmentation.ts';
import { evaluate } from '../../src/core/metrics.ts';
import {
  decodeModel,
  encodeModel,
  MAX_HEADER_BYTES,
  ModelFileError,
  type Model,
} from '../../src/core/modelFile.ts';
import { Network } from '../../src/core/network.ts';
import { exportOnnx } from '../../src/core/onnxExport.ts';
import { preset } from '../../src/core/presets.ts';
import { createSeededNetwork } from '../../src/core/training.ts';
import { blobs } from '../helpers/blobs.ts';

const architecture: Architecture = {
  inputSize: 2 * 2 * 3,
  layers: [
    { units: 5, activation: 'relu' },
    { units: 3, activation: 'softmax' },
  ],
  loss: 'softmaxCrossEntropy',
};

function model(): Model {
  const { network } = createSeededNetwork(architecture, { initializer: 'he', seed: 8 });
  return {
    architecture,
    params: network.params as Float32Array,
    info: {
      input: { width: 2, height: 2, channels: 3, layout: 'HWC', scale: 1 / 255, fit: 'stretch' },
      classes: ['cat', 'dog', 'fox'],
      setup: {
        ...preset('Course: 2-layer'),
        hidden: [{ units: 5, activation: 'relu' }],
        initializer: 'he',
        trainingSeed: 8,
        input: { width: 2, height: 2, fit: 'stretch' },
        classOrder: ['cat', 'dog', 'fox'],
      },
      metrics: { trainAccuracy: 0.5 },
      datasetHash: 'abc123',
      createdAt: '2026-11-25T12:00:00.000Z',
    },
  };
}

/** Re-encodes a file with its JSON header changed by `edit`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests reach into arbitrary header fields
type Header = Record<string, any>;

function withHeader(bytes: Uint8Array, edit: (header: Header) => void): Uint8Array {
  const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  edit(header);
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + bytes.length - 8 - n);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(bytes.subarray(8 + n), 8 + json.length);
  return out;
}

describe('model file (safetensors)', () => {
  it('round-trips exactly: the read model gives identical probabilities', () => {
    const original = model();
    const bytes = encodeModel(original);
    const read = decodeModel(bytes);
    expect(read.architecture).toEqual(original.architecture);
    expect(read.info).toEqual(original.info);
    expect(read.params).toEqual(original.params);

    const examples = { ...blobs(40, 12, 3), scale: 1 };
    const before = new Network(architecture);
    before.params.set(original.params);
    const after = new Network(read.architecture);
    after.params.set(read.params);
    expect(evaluate(after, examples, 3).probabilities).toEqual(evaluate(before, examples, 3).probabilities);
  });

  it('follows the safetensors layout: u64 header length, 8-aligned JSON, F32 tensors in order', () => {
    const bytes = encodeModel(model());
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(n % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header['layers.0.weight']).toEqual({ dtype: 'F32', shape: [5, 12], data_offsets: [0, 240] });
    expect(header['layers.1.bias']).toEqual({ dtype: 'F32', shape: [3], data_offsets: [320, 332] });
    expect(bytes.length).toBe(8 + n + 332);
    expect(JSON.parse(header.__metadata__.classes)).toEqual(['cat', 'dog', 'fox']);
  });

  const refusals: [string, (bytes: Uint8Array) => Uint8Array, RegExp][] = [
    [
      'a wrong shape',
      (b) => withHeader(b, (h) => (h['layers.0.weight'].shape = [12, 5])),
      /"layers\.0\.weight" has shape \[12,5\], expected \[5, 12\]/,
    ],
    [
      'a NaN weight',
      (b) => {
        const copy = b.slice();
        const n = Number(new DataView(copy.buffer).getBigUint64(0, true));
        new DataView(copy.buffer).setFloat32(8 + n + 4 * 7, NaN, true);
        return copy;
      },
      /"layers\.0\.weight" holds a non-finite value \(NaN\) at index 7/,
    ],
    [
      'a truncated body',
      (b) => b.subarray(0, b.length - 10),
      /the file is truncated: its tensors take 322 bytes, where the architecture needs 332/,
    ],
    [
      'an oversized header',
      (b) => {
        const copy = b.slice();
        new DataView(copy.buffer).setBigUint64(0, BigInt(MAX_HEADER_BYTES + 1), true);
        return copy;
      },
      /header claims \d+ bytes, more than the \d+ allowed/,
    ],
    ['a header running past the end', (b) => b.subarray(0, 20), /ends inside its header/],
    ['a file shorter than 8 bytes', (b) => b.subarray(0, 5), /too short/],
    [
      'a header that is not JSON',
      (b) => {
        const copy = b.slice();
        copy[8] = 0x7b;
        copy[9] = 0x7b;
        return copy;
      },
      /not valid JSON/,
    ],
    [
      'a newer format version',
      (b) => withHeader(b, (h) => (h.__metadata__.format_version = '99')),
      /newer version of Whisker/,
    ],
    [
      'another safetensors file',
      (b) => withHeader(b, (h) => delete h.__metadata__.format),
      /not a Whisker model/,
    ],
    [
      'a float16 tensor',
      (b) => withHeader(b, (h) => (h['layers.1.bias'].dtype = 'F16')),
      /dtype F16, expected F32/,
    ],
    [
      'overlapping offsets',
      (b) => withHeader(b, (h) => (h['layers.0.bias'].data_offsets = [200, 220])),
      /data offsets \[200,220\], expected \[240, 260\]/,
    ],
    [
      'bytes after the last tensor',
      (b) => {
        const longer = new Uint8Array(b.length + 4);
        longer.set(b);
        return longer;
      },
      /4 bytes after its last tensor/,
    ],
    [
      'an extra tensor',
      (b) =>
        withHeader(b, (h) => (h['layers.9.weight'] = { dtype: 'F32', shape: [1], data_offsets: [0, 4] })),
      /unexpected tensor "layers\.9\.weight"/,
    ],
    [
      'an architecture naming code',
      (b) =>
        withHeader(b, (h) => {
          const arch = JSON.parse(h.__metadata__.architecture);
          arch.layers[0].activation = 'function(){}';
          h.__metadata__.architecture = JSON.stringify(arch);
        }),
      /architecture: layer 1: unknown activation/,
    ],
    [
      'classes that do not fit the output layer',
      (b) => withHeader(b, (h) => (h.__metadata__.classes = JSON.stringify(['a', 'b']))),
      /2 classes do not fit an output layer of 3 units/,
    ],
    [
      'an input size that does not match the image size',
      (b) =>
        withHeader(
          b,
          (h) =>
            (h.__metadata__.input = JSON.stringify({
              width: 3,
              height: 2,
              channels: 3,
              layout: 'HWC',
              scale: 1,
              fit: 'stretch',
            })),
        ),
      /3×2×3 images do not match an input size of 12/,
    ],
  ];

  /** Re-encodes a file with one metadata field's JSON changed by `edit`. */
  const withMetadata = (key: string, edit: (value: Header) => unknown) => (b: Uint8Array) =>
    withHeader(b, (h) => {
      const value = JSON.parse(h.__metadata__[key]);
      const edited = edit(value) ?? value;
      // JSON.stringify cannot write Infinity: 1e999 is how a file spells it
      h.__metadata__[key] = JSON.stringify(edited).replaceAll('"INFINITY"', '1e999');
    });
  refusals.push(
    [
      'an infinite input scale (1e999)',
      withMetadata('input', (input) => ({ ...input, scale: 'INFINITY' })),
      /input: the scale must be a number above 0 and at most 1, got Infinity/,
    ],
    [
      'an input scale of 300',
      withMetadata('input', (input) => ({ ...input, scale: 300 })),
      /input: the scale must be a number above 0 and at most 1, got 300/,
    ],
    [
      'an infinite number in the setup',
      withMetadata('setup', (setup) => ({ ...setup, learningRate: 'INFINITY' })),
      /setup: the learning rate must be above 0 and at most 100/,
    ],
    [
      'an accuracy above 1',
      withMetadata('metrics', () => ({ trainAccuracy: 1.5 })),
      /metrics: trainAccuracy must be from 0 to 1, got 1\.5/,
    ],
    [
      'a negative loss',
      withMetadata('metrics', () => ({ testLoss: -2 })),
      /metrics: testLoss must be 0 or more, got -2/,
    ],
    [
      'the same class name twice',
      withMetadata('classes', () => ['cat', 'dog', 'cat']),
      /classes: "cat" appears twice/,
    ],
    [
      'two class names that differ only in how é is encoded',
      withMetadata('classes', () => ['caf\u00e9', 'cafe\u0301', 'tea']),
      /classes: "café" appears twice/,
    ],
  );

  /** Re-encodes a file with its first weights set to `values`. */
  const withWeights =
    (...values: number[]) =>
    (b: Uint8Array) => {
      const copy = b.slice();
      const n = Number(new DataView(copy.buffer).getBigUint64(0, true));
      values.forEach((value, i) => new DataView(copy.buffer).setFloat32(8 + n + 4 * i, value, true));
      return copy;
    };
  refusals.push([
    'weights so large that some image would make its outputs overflow (and its probabilities NaN)',
    withWeights(3e38, 3e38),
    /the weights are so large that layer 1 could overflow for some images \(\|z\| up to 6\.0e\+38\)/,
  ]);

  it.each(refusals)('refuses %s, saying why', (_what, corrupt, reason) => {
    const bytes = corrupt(encodeModel(model()));
    expect(() => decodeModel(bytes)).toThrow(ModelFileError);
    expect(() => decodeModel(bytes)).toThrow(reason);
  });

  it('accepts large weights that cannot overflow, whatever the image', () => {
    const bytes = encodeModel(model());
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    new DataView(bytes.buffer).setFloat32(8 + n, 1e30, true);
    expect(decodeModel(bytes).params[0]).toBeCloseTo(1e30, -25);
  });

  it.each([
    [
      'its own ONNX export',
      () => exportOnnx(model()),
      /it is an ONNX model; Whisker opens the \.safetensors model files it saves/,
    ],
    [
      'a PyTorch .pt (a zip)',
      () => new Uint8Array([0x50, 0x4b, 3, 4, ...new Array(60).fill(1)]),
      /it is a zip archive/,
    ],
    [
      'a Keras .h5',
      () => new Uint8Array([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(60).fill(0)]),
      /it is an HDF5 file/,
    ],
  ])('says what %s is instead of reading its first bytes as a header length', (_, bytes, reason) => {
    expect(() => decodeModel(bytes())).toThrow(reason);
  });

  it('refuses to write a model whose parameters do not fit its architecture', () => {
    expect(() => encodeModel({ ...model(), params: new Float32Array(3) })).toThrow(/3 parameters/);
  });

  it('refuses a small file whose architecture claims 251,658,263 parameters, before allocating them', () => {
    const claim = withHeader(encodeModel(model()), (h) => {
      h.__metadata__.architecture = JSON.stringify({ ...architecture, inputSize: 4096 * 4096 * 3 });
      h.__metadata__.input = JSON.stringify({
        width: 4096,
        height: 4096,
        channels: 3,
        layout: 'HWC',
        scale: 1 / 255,
        fit: 'stretch',
      });
      h['layers.0.weight'].shape = [5, 4096 * 4096 * 3];
      h.__metadata__.setup = 'null';
    });
    expect(claim.length).toBeLessThan(2000);
    const before = process.memoryUsage().arrayBuffers;
    expect(() => decodeModel(claim)).toThrow(
      /the file is truncated: its tensors take 332 bytes, where the architecture needs 1006633052/,
    );
    // garbage is not collected between the two readings: an allocated 1 GB would still count
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(2 ** 20);
  });
});

describe('model files of format 1, from before the one run setup', () => {
  /** The file format 1 wrote: `training` in the shape the app or the CLI kept, no fit in the input. */
  const formatOne = (training: unknown) =>
    withHeader(encodeModel(model()), (header) => {
      const meta = header['__metadata__'];
      meta.format_version = '1';
      delete meta.setup;
      meta.training = JSON.stringify(training);
      const input = JSON.parse(meta.input);
      delete input.fit;
      meta.input = JSON.stringify(input);
    });

  it("reads the app's settings (one seed) as a run setup with that seed for both splits and training", () => {
    const read = decodeModel(
      formatOne({
        hidden: [{ units: 5, activation: 'relu' }],
        loss: 'auto',
        initializer: 'he',
        optimizer: 'adam',
        learningRate: 0.001,
        learningRateDecay: 0,
        batchSize: 32,
        epochs: 20,
        l2: 0,
        seed: 4,
      }),
    );
    expect(read.info.input.fit).toBe('stretch');
    expect(read.info.setup).toMatchObject({
      hidden: [{ units: 5, activation: 'relu' }],
      optimizer: 'adam',
      batchSize: 32,
      splitSeed: 4,
      trainingSeed: 4,
      validationFraction: 0,
      input: { width: 2, height: 2, fit: 'stretch' },
      classOrder: ['cat', 'dog', 'fox'],
    });
  });

  it("reads the command line's training configuration, keeping its optimiser (which the Model view lost)", () => {
    const read = decodeModel(
      formatOne({
        epochs: 100,
        batchSize: 0,
        learningRate: 0.0075,
        learningRateDecay: 0,
        optimizer: { kind: 'momentum', beta: 0.9 },
        l2: 0.1,
        initializer: 'lecun',
        seed: 1,
        validateEvery: 1,
        fit: 'crop',
        source: ['cats/'],
      }),
    );
    expect(read.info.setup).toMatchObject({
      hidden: [{ units: 5, activation: 'relu' }],
      optimizer: 'momentum',
      l2: 0.1,
      initializer: 'lecun',
      input: { width: 2, height: 2, fit: 'crop' },
    });
  });

  it('reads settings it cannot make sense of as unknown, not as a reason to refuse the model', () => {
    expect(decodeModel(formatOne({ something: 'else' })).info.setup).toBeNull();
    expect(decodeModel(formatOne(null)).info.setup).toBeNull();
  });

  it('reads a format 2 file from before augmentation as trained without it, and keeps the augmentation of a newer one', () => {
    const older = withHeader(encodeModel(model()), (header) => {
      const setup = JSON.parse(header['__metadata__'].setup);
      delete setup.augmentation;
      header['__metadata__'].setup = JSON.stringify(setup);
    });
    expect(decodeModel(older).info.setup?.augmentation).toEqual(NO_AUGMENTATION);
    const original = model();
    const augmented = { ...original.info.setup!, augmentation: { ...NO_AUGMENTATION, flip: 0.5, shift: 3 } };
    const read = decodeModel(encodeModel({ ...original, info: { ...original.info, setup: augmented } }));
    expect(read.info.setup?.augmentation).toEqual(augmented.augmentation);
  });

  it('refuses a format 2 file whose setup does not describe its network', () => {
    const bytes = withHeader(encodeModel(model()), (header) => {
      const setup = JSON.parse(header['__metadata__'].setup);
      header['__metadata__'].setup = JSON.stringify({ ...setup, hidden: [{ units: 9, activation: 'relu' }] });
    });
    expect(() => decodeModel(bytes)).toThrow(/setup: /);
  });

  it('keeps early stopping’s patience, and reads files from before it as trained without it', () => {
    const patient = model();
    const withPatience = {
      ...patient,
      info: { ...patient.info, setup: { ...patient.info.setup!, earlyStopping: 12 } },
    };
    expect(decodeModel(encodeModel(withPatience)).info.setup?.earlyStopping).toBe(12);
    const before = withHeader(encodeModel(withPatience), (header) => {
      const { earlyStopping: _, ...setup } = JSON.parse(header['__metadata__'].setup);
      header['__metadata__'].setup = JSON.stringify(setup);
    });
    expect(decodeModel(before).info.setup?.earlyStopping).toBe(0);
    const formatOneSettings = {
      hidden: [{ units: 5, activation: 'relu' }],
      initializer: 'he',
      optimizer: 'adam',
      learningRate: 0.001,
      batchSize: 32,
      epochs: 20,
      seed: 4,
    };
    expect(decodeModel(formatOne(formatOneSettings)).info.setup?.earlyStopping).toBe(0);
  });
});

describe('model files of convolutional networks', () => {
  const cnn: Architecture = {
    inputSize: 4 * 4 * 3,
    inputShape: { height: 4, width: 4, channels: 3 },
    layers: [
      { type: 'conv2d', filters: 2, kernel: 3, stride: 1, padding: 'same', activation: 'relu' },
      { type: 'batchNorm' },
      { type: 'maxPool', size: 2, stride: 2 },
      { type: 'dropout', rate: 0.5 },
      { type: 'flatten' },
      { units: 3, activation: 'softmax' },
    ],
    loss: 'softmaxCrossEntropy',
  };
  const cnnModel = (): Model => {
    const { network } = createSeededNetwork(cnn, { initializer: 'he', seed: 2 });
    const base = model();
    return {
      architecture: cnn,
      params: Float32Array.from(network.params),
      info: {
        ...base.info,
        input: { ...base.info.input, width: 4, height: 4 },
        classes: ['cat', 'dog', 'fox'],
        setup: null,
      },
    };
  };

  it('stores each layer type’s tensors by name: OHWI convolution weights, γ, β and the running statistics', () => {
    const bytes = encodeModel(cnnModel());
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header['layers.0.weight'].shape).toEqual([2, 3, 3, 3]);
    expect(
      ['weight', 'bias', 'runningMean', 'runningVariance'].map((t) => header[`layers.1.${t}`].shape),
    ).toEqual([[2], [2], [2], [2]]);
    expect(header['layers.5.weight'].shape).toEqual([3, 8]);
    expect(decodeModel(bytes)).toEqual(cnnModel());
  });

  it('refuses a network whose layers leave nothing, and one whose input shape is not its images', () => {
    const tooSmall = encodeModel(cnnModel());
    const shrunk = withHeader(tooSmall, (h) => {
      const arch = JSON.parse(h.__metadata__.architecture);
      arch.layers[0].kernel = 5;
      arch.layers[0].padding = 'valid';
      h.__metadata__.architecture = JSON.stringify(arch);
    });
    expect(() => decodeModel(shrunk)).toThrow(/a 5×5 valid convolution on 4×4 input leaves nothing/);
    const otherImages = withHeader(tooSmall, (h) => {
      const input = JSON.parse(h.__metadata__.input);
      h.__metadata__.input = JSON.stringify({ ...input, width: 2, height: 8 });
    });
    expect(() => decodeModel(otherImages)).toThrow(/2×8×3 images do not match the network's input of 4×4×3/);
  });
});
