/**
 * Each layer type's forward and backward, bound to its layer's tensors and to
 * the buffers it keeps between the two (a convolution's patches, a max pool's
 * choices, dropout's mask). The network calls these in order; a new layer type
 * is one more case here and in architecture.ts.
 */
import type { FloatArray } from '../matrix.ts';
import type { Products } from '../products.ts';
import type { Random } from '../random.ts';
import type {
  Conv2dSpec,
  DropoutSpec,
  LayerKind,
  LayerSpec,
  PoolSpec,
  TensorShape,
} from '../architecture.ts';
import {
  batchNormBackward,
  batchNormForwardEvaluation,
  batchNormForwardTraining,
  normStatistics,
  updateRunningStatistics,
} from './batchNorm.ts';
import { conv2dBackward, conv2dForward, convGeometry } from './conv2d.ts';
import { patchRows } from '../patches.ts';
import { denseBackward, denseForward } from './dense.ts';
import {
  drawDropoutMask,
  dropoutBackward,
  dropoutForwardEvaluation,
  dropoutForwardTraining,
} from './dropout.ts';
import {
  averagePoolBackward,
  averagePoolForward,
  maxPoolBackward,
  maxPoolForward,
  poolGeometry,
} from './pooling.ts';

/**
 * 'train': dropout draws masks, batch normalisation uses (and updates) the batch's statistics;
 * 'evaluate': neither; 'replay': as 'train' with the last masks and no update.
 */
export type ForwardMode = 'train' | 'evaluate' | 'replay';

/** A layer's views into the network's flat buffers (empty where the layer has no such tensor). */
export interface LayerTensors {
  /** dense W [n_l, n_(l−1)]; convolution W [filters, k, k, C] (OHWI); batch normalisation γ [C] */
  readonly weight: FloatArray;
  /** b [n_l] or [filters]; batch normalisation β [C] */
  readonly bias: FloatArray;
  readonly weightGrad: FloatArray;
  readonly biasGrad: FloatArray;
  /** batch normalisation's running statistics [C], used at evaluation */
  readonly runningMean: FloatArray;
  readonly runningVariance: FloatArray;
}

/** What an op is built from: the layer's spec, shapes and tensors. */
export interface OpLayer extends LayerTensors {
  readonly kind: LayerKind;
  readonly spec: LayerSpec;
  readonly input: TensorShape;
  readonly output: TensorShape;
  readonly fanIn: number;
  /** n_l, values per example out */
  readonly units: number;
}

export interface LayerOp {
  /** Z[l] [m, n_l] from A[l−1] [m, n_(l−1)] */
  forward(z: FloatArray, aPrev: FloatArray, m: number, mode: ForwardMode): void;
  /** dJ/dθ (added to with `accumulate`) and, unless null, dJ/dA[l−1], from dJ/dZ[l] and the forward pass's A[l−1] */
  backward(
    dZ: FloatArray,
    aPrev: FloatArray,
    dAPrev: FloatArray | null,
    m: number,
    accumulate: boolean,
  ): void;
  /** Makes room for batches of up to m examples. */
  reserve(m: number): void;
  /** Gives back what reserve() took. */
  release(): void;
}

const nothingKept = { reserve() {}, release() {} };

export function createLayerOp(layer: OpLayer, products: Products, masks: () => Random): LayerOp {
  const spec = layer.spec;
  switch (spec.type ?? 'dense') {
    case 'dense': {
      const shape = { fanIn: layer.fanIn, units: layer.units };
      return {
        ...nothingKept,
        forward: (z, aPrev, m) => denseForward(products, z, aPrev, layer.weight, layer.bias, m, shape),
        backward: (dZ, aPrev, dAPrev, m, accumulate) =>
          denseBackward(
            products,
            layer.weightGrad,
            layer.biasGrad,
            dAPrev,
            dZ,
            aPrev,
            layer.weight,
            m,
            shape,
            accumulate,
          ),
      };
    }
    case 'conv2d':
      return convolution(layer, spec as Conv2dSpec, products);
    case 'maxPool':
      return maxPool(layer, spec as PoolSpec);
    case 'averagePool': {
      const g = geometry(poolGeometry(layer.input, spec as PoolSpec));
      return {
        ...nothingKept,
        forward: (z, aPrev, m) => averagePoolForward(z, aPrev, m, g),
        backward: (dZ, _aPrev, dAPrev, m) => dAPrev && averagePoolBackward(dAPrev, dZ, m, g),
      };
    }
    case 'flatten':
      return {
        ...nothingKept,
        forward: (z, aPrev, m) => z.set(aPrev.subarray(0, m * layer.units)),
        backward: (dZ, _aPrev, dAPrev, m) => dAPrev?.set(dZ.subarray(0, m * layer.units)),
      };
    case 'dropout':
      return dropout(layer, (spec as DropoutSpec).rate, products, masks);
    case 'batchNorm':
      return batchNorm(layer);
  }
}

function geometry<G>(g: G | string): G {
  if (typeof g === 'string') throw new Error(`Invalid architecture: ${g}`);
  return g;
}

/** A convolution keeps its patches from forward for backward; the patches' gradient is workspace. */
function convolution(layer: OpLayer, spec: Conv2dSpec, products: Products): LayerOp {
  const g = geometry(convGeometry(layer.input, spec));
  const kernel = products.kernel;
  let patches: FloatArray | null = null;
  let dPatches: FloatArray | null = null;
  return {
    forward: (z, aPrev, m) => conv2dForward(products, z, aPrev, layer.weight, layer.bias, m, g, patches!),
    backward: (dZ, _aPrev, dAPrev, m, accumulate) =>
      conv2dBackward(
        products,
        layer.weightGrad,
        layer.biasGrad,
        dAPrev,
        dZ,
        layer.weight,
        m,
        g,
        patches!,
        dPatches!,
        accumulate,
      ),
    reserve(m) {
      const size = patchRows(m, g) * g.patchLength;
      patches = kernel.allocate(size);
      dPatches = kernel.allocate(size);
    },
    release() {
      if (patches) kernel.release(patches);
      if (dPatches) kernel.release(dPatches);
      patches = dPatches = null;
    },
  };
}

/** A max pool keeps where each maximum was. */
function maxPool(layer: OpLayer, spec: PoolSpec): LayerOp {
  const g = geometry(poolGeometry(layer.input, spec));
  let argmax = new Int32Array(0);
  return {
    forward: (z, aPrev, m) => maxPoolForward(z, argmax, aPrev, m, g),
    backward: (dZ, _aPrev, dAPrev, m) => dAPrev && maxPoolBackward(dAPrev, dZ, argmax, m, g),
    reserve: (m) => void (argmax = new Int32Array(m * layer.units)),
    release: () => void (argmax = new Int32Array(0)),
  };
}

/** Dropout keeps its mask: drawn in 'train', used again in 'replay', none at evaluation. */
function dropout(layer: OpLayer, rate: number, products: Products, masks: () => Random): LayerOp {
  const kernel = products.kernel;
  let mask: FloatArray | null = null;
  let masked = false;
  return {
    forward(z, aPrev, m, mode) {
      const count = m * layer.units;
      masked = mode !== 'evaluate';
      if (mode === 'train') drawDropoutMask(mask!, count, rate, masks());
      if (masked) dropoutForwardTraining(z, aPrev, mask!, count);
      else dropoutForwardEvaluation(z, aPrev, count);
    },
    backward(dZ, _aPrev, dAPrev, m) {
      if (dAPrev === null) return;
      if (masked) dropoutBackward(dAPrev, dZ, mask!, m * layer.units);
      else dAPrev.set(dZ.subarray(0, m * layer.units));
    },
    reserve: (m) => void (mask = kernel.allocate(m * layer.units)),
    release() {
      if (mask) kernel.release(mask);
      mask = null;
    },
  };
}

/**
 * Batch normalisation over the channels: the batch's statistics in 'train' (updating the
 * running ones) and in 'replay' (leaving them), the running ones at evaluation.
 */
function batchNorm(layer: OpLayer): LayerOp {
  const channels = layer.output.channels;
  const statistics = normStatistics(channels);
  const rowsOf = (m: number) => (m * layer.units) / channels;
  return {
    ...nothingKept,
    forward(z, aPrev, m, mode) {
      const rows = rowsOf(m);
      if (mode === 'evaluate') {
        batchNormForwardEvaluation(
          z,
          aPrev,
          layer.weight,
          layer.bias,
          layer.runningMean,
          layer.runningVariance,
          statistics,
          rows,
          channels,
        );
        return;
      }
      batchNormForwardTraining(z, aPrev, layer.weight, layer.bias, statistics, rows, channels);
      if (mode === 'train')
        updateRunningStatistics(layer.runningMean, layer.runningVariance, statistics, rows, channels);
    },
    backward: (dZ, aPrev, dAPrev, m, accumulate) =>
      batchNormBackward(
        layer.weightGrad,
        layer.biasGrad,
        dAPrev,
        dZ,
        aPrev,
        layer.weight,
        statistics,
        rowsOf(m),
        channels,
        accumulate,
      ),
  };
}
