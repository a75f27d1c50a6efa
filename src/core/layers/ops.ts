/**
 * Each layer type's forward and backward, bound to its layer's tensors and to
 * the buffers it keeps between the two (a convolution's patches, a max pool's
 * choices, dropout's mask). The network calls these in order; a new layer type
 * is one more case here and in architecture.ts.
 */
import type { FloatArray } from '../matrix.ts';
import type { Products } from '../products.ts';
import type { Random } from '../random.ts';
import type { LayerKind, LayerSpec, TensorShape } from '../architecture.ts';
import { denseBackward, denseForward } from './dense.ts';

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
  switch (layer.kind) {
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
    case 'flatten':
      return {
        ...nothingKept,
        forward: (z, aPrev, m) => z.set(aPrev.subarray(0, m * layer.units)),
        backward: (dZ, _aPrev, dAPrev, m) => dAPrev?.set(dZ.subarray(0, m * layer.units)),
      };
    default:
      void masks;
      throw new Error(`${layer.kind} layers cannot run yet`);
  }
}
