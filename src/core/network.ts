/**
 * A network of layers in order, forward and backward propagation as in the notes.
 *
 * Shapes (m = examples in the batch; one example's values at layer l are its
 * output shape H×W×C flattened, n_l = H·W·C of them, NHWC as TensorShape says):
 *   X, A[0]      [m, n_0]          examples as rows
 *   Z[l], A[l]   [m, n_l]          Z[l] = the layer's own computation on A[l−1], A[l] = g(Z[l])
 *   dense        W[l] [n_l, n_(l−1)], b[l] [n_l]: Z[l] = A[l−1]·W[l]ᵀ + b[l]   (z = W·a + b per example)
 * Layers without an activation of their own (pooling, flatten, dropout, batch
 * normalisation) have g = linear, A[l] = Z[l].
 *
 * All stored values live in one flat buffer with a named view per tensor, and
 * their gradients in a second buffer of the same layout, so optimisers are
 * single loops over (params, grads). Each layer's trainable values come first
 * in its block; statistics (batch normalisation's running mean and variance)
 * follow them, and no optimiser step touches them.
 */
import { activation, type Activation } from './activations.ts';
import {
  activationOf,
  assertArchitecture,
  inputShapeOf,
  placeLayers,
  shapeSize,
  type Architecture,
  type LayerKind,
  type LayerSpec,
  type TensorShape,
  weightRows,
} from './architecture.ts';
import type { Initializer } from './initializers.ts';
import { createLayerOp, type ForwardMode, type LayerOp, type LayerTensors } from './layers/ops.ts';
import { loss, type Loss } from './losses.ts';
import { defaultKernel } from './kernels/defaultKernel.ts';
import type { Kernel } from './kernels/kernel.ts';
import type { FloatArray } from './matrix.ts';
import { Products } from './products.ts';
import { Random } from './random.ts';

export type { ForwardMode } from './layers/ops.ts';

export interface Layer extends LayerTensors {
  readonly index: number;
  readonly kind: LayerKind;
  readonly spec: LayerSpec;
  readonly input: TensorShape;
  readonly output: TensorShape;
  /** where the layer's values sit in the flat params and grads: the trainable ones [offset, offset + size) */
  readonly offset: number;
  readonly size: number;
  /** the trainable values and the statistics after them: [offset, offset + stored) */
  readonly stored: number;
  /** what one row of the weight sums over: n_(l−1) for dense, k·k·C for a convolution; 0 without weights */
  readonly fanIn: number;
  /** what initialisers call fan-out: n_l for dense, k·k·filters for a convolution (as PyTorch counts it) */
  readonly fanOut: number;
  /** rows of the weight: n_l for dense, the filters of a convolution; 0 without weights */
  readonly weightRows: number;
  /** n_l, the values one example has at this layer's output */
  readonly units: number;
  readonly activation: Activation;
  /** whether the L2 penalty counts this layer's weight (dense and convolution weights, not γ) */
  readonly penalised: boolean;
}

/** Which part of a batch backward() is given: the batch's size, and whether this part comes first. */
export interface BatchPart {
  readonly batchSize: number;
  readonly first: boolean;
}

/** Buffers for one batch size; a smaller batch uses their prefixes. */
interface Workspace {
  capacity: number;
  /** per layer, [m, n_l]: Z[l], A[l], dJ/dZ[l], dJ/dA[l] */
  z: FloatArray[];
  a: FloatArray[];
  dZ: FloatArray[];
  dA: FloatArray[];
}

export class Network {
  readonly architecture: Architecture;
  readonly loss: Loss;
  readonly params: FloatArray;
  readonly grads: FloatArray;
  readonly layers: readonly Layer[];
  /** the layers with trainable values, in order: those an optimiser steps and the charts measure */
  readonly weighted: readonly Layer[];
  /** where every buffer lives and the products run */
  readonly kernel: Kernel;
  private readonly products: Products;
  private readonly ops: readonly LayerOp[];
  private workspace: Workspace | null = null;
  /** draws dropout's masks in training; the training loop gives it the run's own generator */
  private masks: Random = new Random(0);

  constructor(architecture: Architecture, kernel: Kernel = defaultKernel()) {
    assertArchitecture(architecture);
    this.architecture = architecture;
    this.loss = loss(architecture.loss);
    this.kernel = kernel;
    this.products = new Products(kernel);
    const placed = placeLayers(architecture);
    this.params = kernel.allocate(placed.reduce((sum, layer) => sum + layer.stored, 0));
    this.grads = kernel.allocate(this.params.length);
    const layers: Layer[] = [];
    let offset = 0;
    for (const [index, place] of placed.entries()) {
      const views: Partial<Record<string, { value: FloatArray; grad: FloatArray }>> = {};
      let at = offset;
      for (const tensor of place.tensors) {
        const size = tensor.shape.reduce((a, b) => a * b, 1);
        views[tensor.name] = {
          value: this.params.subarray(at, at + size),
          grad: this.grads.subarray(at, at + size),
        };
        at += size;
      }
      const none = this.params.subarray(0, 0);
      layers.push({
        index,
        kind: place.kind,
        spec: place.spec,
        input: place.input,
        output: place.output,
        offset,
        size: place.trainable,
        stored: place.stored,
        fanIn: place.fanIn,
        fanOut: place.fanOut,
        weightRows: weightRows(place.spec),
        units: shapeSize(place.output),
        activation: activation(activationOf(place.spec)),
        penalised: place.kind === 'dense' || place.kind === 'conv2d',
        weight: views['weight']?.value ?? none,
        bias: views['bias']?.value ?? none,
        weightGrad: views['weight']?.grad ?? none,
        biasGrad: views['bias']?.grad ?? none,
        runningMean: views['runningMean']?.value ?? none,
        runningVariance: views['runningVariance']?.value ?? none,
      });
      offset += place.stored;
    }
    this.layers = layers;
    this.weighted = layers.filter((layer) => layer.size > 0);
    this.ops = layers.map((layer) => createLayerOp(layer, this.products, () => this.masks));
  }

  get inputSize(): number {
    return this.architecture.inputSize;
  }

  get inputShape(): TensorShape {
    return inputShapeOf(this.architecture);
  }

  get outputSize(): number {
    return this.layers[this.layers.length - 1].units;
  }

  /**
   * Weights from the initialiser and biases 0, drawing layer by layer from `random`;
   * batch normalisation starts as the identity (γ = 1, β = 0, running mean 0 and variance 1).
   */
  initialize(initializer: Initializer, random: Random): void {
    for (const layer of this.layers) {
      if (layer.kind === 'batchNorm') {
        layer.weight.fill(1);
        layer.bias.fill(0);
        layer.runningMean.fill(0);
        layer.runningVariance.fill(1);
      } else if (layer.size > 0) {
        initializer.fill(layer.weight, layer.fanIn, layer.fanOut, random);
        layer.bias.fill(0);
      }
    }
  }

  /** Dropout's masks come from this generator from now on. */
  useForMasks(random: Random): void {
    this.masks = random;
  }

  /**
   * Forward propagation for m examples (rows of x). Keeps every Z[l] and A[l]
   * for backward; returns A[L], [m, n_L] (a view, valid until the next call).
   * 'train' draws dropout's masks and normalises by the batch's statistics
   * (updating the running ones); 'evaluate' uses neither; 'replay' is 'train'
   * with the last masks and no update, so J can be measured again at other weights.
   */
  forward(x: FloatArray, m: number, mode: ForwardMode = 'evaluate'): FloatArray {
    if (x.length < m * this.inputSize) {
      throw new RangeError(`forward: input holds fewer than ${m} examples of ${this.inputSize}`);
    }
    const ws = this.workspaceFor(m);
    let aPrev = x;
    for (const layer of this.layers) {
      const z = ws.z[layer.index];
      const a = ws.a[layer.index];
      this.ops[layer.index].forward(z, aPrev, m, mode);
      layer.activation.forward(z, a, m, layer.units);
      aPrev = a;
    }
    return ws.a[this.layers.length - 1].subarray(0, m * this.outputSize);
  }

  /**
   * J for the last forward pass against targets y [m, n_L], plus the L2 penalty
   * (λ/2M)·Σ‖W[l]‖², M the number of training examples (m for a full batch).
   */
  cost(y: FloatArray, m: number, l2 = 0, trainingExamples = m): number {
    const ws = this.workspaceFor(m);
    const last = this.layers.length - 1;
    return this.loss.cost(ws.z[last], ws.a[last], y, m, this.outputSize) + this.penalty(l2, trainingExamples);
  }

  /** The L2 penalty (λ/2M)·Σ‖W[l]‖², M the number of training examples. */
  penalty(l2: number, trainingExamples: number): number {
    if (l2 <= 0) return 0;
    let squares = 0;
    for (const layer of this.layers) {
      if (!layer.penalised) continue;
      for (let i = 0; i < layer.weight.length; i++) squares += layer.weight[i] * layer.weight[i];
    }
    return (l2 / (2 * trainingExamples)) * squares;
  }

  /**
   * Backward propagation after forward(x, m): dJ/dZ[L] from the loss, then each
   * layer's backward from the last to the first, dJ/dZ[l−1] = g'(Z[l−1]) ⊙ dJ/dA[l−1]
   * in between, leaving dJ/dθ[l] in `grads` (L2 adds (λ/M)·W[l]).
   * With `part`, these m examples are a part of a batch of part.batchSize: J is the
   * batch's mean, and the parts after the first add their gradients to `grads`.
   */
  backward(
    x: FloatArray,
    y: FloatArray,
    m: number,
    l2 = 0,
    trainingExamples = m,
    part: BatchPart = { batchSize: m, first: true },
  ): void {
    const ws = this.workspaceFor(m);
    const L = this.layers.length - 1;
    const out = this.layers[L];
    this.loss.backward(ws.z[L], ws.a[L], y, ws.dZ[L], m, out.units, out.activation, ws.dA[L], part.batchSize);
    for (let l = L; l >= 0; l--) {
      const layer = this.layers[l];
      const aPrev = l > 0 ? ws.a[l - 1] : x;
      const dAPrev = l > 0 ? ws.dA[l - 1] : null;
      this.ops[l].backward(ws.dZ[l], aPrev, dAPrev, m, !part.first);
      if (l2 > 0 && part.first && layer.penalised) {
        const scale = l2 / trainingExamples;
        for (let i = 0; i < layer.weight.length; i++) layer.weightGrad[i] += scale * layer.weight[i];
      }
      if (l > 0) {
        const below = this.layers[l - 1];
        below.activation.backward(ws.z[l - 1], ws.a[l - 1], ws.dA[l - 1], ws.dZ[l - 1], m, below.units);
      }
    }
  }

  /** Z[l] and A[l] of the last forward pass, [m, n_l] views. */
  cached(l: number, m: number): { z: FloatArray; a: FloatArray } {
    const ws = this.workspaceFor(m);
    const size = m * this.layers[l].units;
    return { z: ws.z[l].subarray(0, size), a: ws.a[l].subarray(0, size) };
  }

  /** Gives the kernel back every buffer; the network must not be used afterwards. */
  dispose(): void {
    this.releaseWorkspace();
    this.products.dispose();
    this.kernel.release(this.params);
    this.kernel.release(this.grads);
  }

  private workspaceFor(m: number): Workspace {
    if (!Number.isInteger(m) || m < 1)
      throw new RangeError(`batch size must be a positive integer, got ${m}`);
    if (this.workspace !== null && this.workspace.capacity >= m) return this.workspace;
    this.releaseWorkspace();
    const perLayer = () => this.layers.map((layer) => this.kernel.allocate(m * layer.units));
    this.workspace = { capacity: m, z: perLayer(), a: perLayer(), dZ: perLayer(), dA: perLayer() };
    for (const op of this.ops) op.reserve(m);
    return this.workspace;
  }

  private releaseWorkspace(): void {
    if (this.workspace === null) return;
    const { z, a, dZ, dA } = this.workspace;
    for (const buffer of [...z, ...a, ...dZ, ...dA]) this.kernel.release(buffer);
    for (const op of this.ops) op.release();
    this.workspace = null;
  }
}
