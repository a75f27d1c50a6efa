/**
 * A fully connected network, forward and backward propagation as in the notes.
 *
 * Shapes (m = examples in the batch, n_l = units of layer l, n_0 = input size):
 *   X, A[0]      [m, n_0]          examples as rows
 *   W[l]         [n_l, n_(l−1)]    as in the notes and the model file
 *   b[l]         [n_l]
 *   Z[l], A[l]   [m, n_l]          Z[l] = A[l−1]·W[l]ᵀ + b[l]   (z = W·a + b per example)
 *
 * All parameters live in one flat buffer with a named view per tensor, and
 * their gradients in a second buffer of the same layout, so optimisers are
 * single loops over (params, grads).
 */
import { activation, type Activation } from './activations.ts';
import { assertArchitecture, parameterCount, type Architecture } from './architecture.ts';
import type { Initializer } from './initializers.ts';
import { denseBackward, denseForward } from './layers/dense.ts';
import { loss, type Loss } from './losses.ts';
import { defaultKernel } from './kernels/defaultKernel.ts';
import type { Kernel } from './kernels/kernel.ts';
import type { FloatArray } from './matrix.ts';
import { Products } from './products.ts';
import type { Random } from './random.ts';

export interface Layer {
  readonly index: number;
  /** where W[l] then b[l] sit in the flat params and grads: [offset, offset + size) */
  readonly offset: number;
  readonly size: number;
  /** n_(l−1) */
  readonly fanIn: number;
  /** n_l */
  readonly units: number;
  readonly activation: Activation;
  /** W[l], [n_l, n_(l−1)] */
  readonly weight: FloatArray;
  /** b[l], [n_l] */
  readonly bias: FloatArray;
  /** dJ/dW[l] */
  readonly weightGrad: FloatArray;
  /** dJ/db[l] */
  readonly biasGrad: FloatArray;
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
  /** where every buffer lives and the products run */
  readonly kernel: Kernel;
  private readonly products: Products;
  private workspace: Workspace | null = null;

  constructor(architecture: Architecture, kernel: Kernel = defaultKernel()) {
    assertArchitecture(architecture);
    this.architecture = architecture;
    this.loss = loss(architecture.loss);
    this.kernel = kernel;
    this.products = new Products(kernel);
    this.params = kernel.allocate(parameterCount(architecture));
    this.grads = kernel.allocate(this.params.length);
    const layers: Layer[] = [];
    let offset = 0;
    let fanIn = architecture.inputSize;
    for (const [index, spec] of architecture.layers.entries()) {
      const weightSize = spec.units * fanIn;
      layers.push({
        index,
        offset,
        size: weightSize + spec.units,
        fanIn,
        units: spec.units,
        activation: activation(spec.activation),
        weight: this.params.subarray(offset, offset + weightSize),
        bias: this.params.subarray(offset + weightSize, offset + weightSize + spec.units),
        weightGrad: this.grads.subarray(offset, offset + weightSize),
        biasGrad: this.grads.subarray(offset + weightSize, offset + weightSize + spec.units),
      });
      offset += weightSize + spec.units;
      fanIn = spec.units;
    }
    this.layers = layers;
  }

  get inputSize(): number {
    return this.architecture.inputSize;
  }

  get outputSize(): number {
    return this.layers[this.layers.length - 1].units;
  }

  /** W[l] from the initialiser, b[l] = 0, drawing layer by layer from `random`. */
  initialize(initializer: Initializer, random: Random): void {
    for (const layer of this.layers) {
      initializer.fill(layer.weight, layer.fanIn, layer.units, random);
      layer.bias.fill(0);
    }
  }

  /**
   * Forward propagation for m examples (rows of x). Keeps every Z[l] and A[l]
   * for backward; returns A[L], [m, n_L] (a view, valid until the next call).
   */
  forward(x: FloatArray, m: number): FloatArray {
    if (x.length < m * this.inputSize) {
      throw new RangeError(`forward: input holds fewer than ${m} examples of ${this.inputSize}`);
    }
    const ws = this.workspaceFor(m);
    let aPrev = x;
    for (const layer of this.layers) {
      const z = ws.z[layer.index];
      const a = ws.a[layer.index];
      denseForward(this.products, z, aPrev, layer.weight, layer.bias, m, layer);
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
      for (let i = 0; i < layer.weight.length; i++) squares += layer.weight[i] * layer.weight[i];
    }
    return (l2 / (2 * trainingExamples)) * squares;
  }

  /**
   * Backward propagation after forward(x, m): dJ/dZ[L] from the loss, then each
   * layer's backward from the last to the first, dJ/dZ[l−1] = g'(Z[l−1]) ⊙ dJ/dA[l−1]
   * in between, leaving dJ/dW[l] and dJ/db[l] in `grads` (L2 adds (λ/M)·W[l]).
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
      denseBackward(
        this.products,
        layer.weightGrad,
        layer.biasGrad,
        dAPrev,
        ws.dZ[l],
        aPrev,
        layer.weight,
        m,
        layer,
        !part.first,
      );
      if (l2 > 0 && part.first) {
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
    return this.workspace;
  }

  private releaseWorkspace(): void {
    if (this.workspace === null) return;
    const { z, a, dZ, dA } = this.workspace;
    for (const buffer of [...z, ...a, ...dZ, ...dA]) this.kernel.release(buffer);
    this.workspace = null;
  }
}
