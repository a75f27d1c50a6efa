/**
 * W5 in @tensorflow/tfjs-backend-wasm: the small convolutional network in NHWC, tfjs's
 * own layout, with filters [k, k, C, F] as tf.conv2d takes them, its backward pass
 * written by hand from tfjs's ops as the course network's is in tfjsPeer.ts.
 * A careful tfjs user has to: tfjs-core alone registers no gradients, and the wasm
 * backend has no Conv2DBackpropFilter kernel (tensorflow/tfjs#8474), so tf.grad and
 * tf.layers cannot train a convolution on it. The forward pass is tf.fused.conv2d with
 * its bias and ReLU, dJ/dA[l−1] is tf.conv2dTranspose (the Conv2DBackpropInput kernel),
 * the max pool's gradient is the backend's MaxPoolGrad kernel, and dJ/dW is a
 * convolution too (see conv below): 2× faster here than im2col from tf.slice and tf.concat
 * followed by one tf.matMul.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  convolvedSide,
  paddingBefore,
  placeLayers,
  type Architecture,
  type Conv2dSpec,
  type DenseSpec,
  type PoolSpec,
} from '../src/core/architecture.ts';
import type { CnnWorkload } from './workload.ts';

type Rank4 = tf.Tensor4D;

/** One layer's step: forward keeps what backward needs; backward updates the layer and returns dJ/dA[l−1]. */
interface Layer {
  readonly variables: tf.Variable[];
  forward(a: tf.Tensor): tf.Tensor;
  backward(d: tf.Tensor, rate: number, needInput: boolean): tf.Tensor | null;
}

const he = (fanIn: number, shape: number[], seed: number) =>
  tf.tidy(() => tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', seed)));
const zeros = (length: number) => tf.tidy(() => tf.variable(tf.zeros([length])));

function conv(
  spec: Conv2dSpec,
  input: { height: number; width: number; channels: number },
  seed: number,
): Layer {
  const { filters, kernel: k, stride, padding } = spec;
  if (stride !== 1 || spec.activation !== 'relu')
    throw new Error('the tfjs peer writes stride-1 convolutions with ReLU only');
  const W = he(k * k * input.channels, [k, k, input.channels, filters], seed) as tf.Variable<tf.Rank.R4>; // [k, k, C, F]
  const b = zeros(filters);
  const ho = convolvedSide(input.height, k, stride, padding);
  const wo = convolvedSide(input.width, k, stride, padding);
  const top = paddingBefore(input.height, k, stride, padding);
  const left = paddingBefore(input.width, k, stride, padding);
  const bottom = ho - 1 + k - input.height - top;
  const right = wo - 1 + k - input.width - left;
  let x: Rank4, a: Rank4;
  return {
    variables: [W, b],
    forward(aPrev) {
      x = aPrev as Rank4;
      a = tf.fused.conv2d({ x, filter: W, bias: b, strides: stride, pad: padding, activation: 'relu' });
      return a;
    },
    backward(dA, rate, needInput) {
      const dZ = tf.mul(dA, tf.step(a)) as Rank4; // relu′(z) = 1 where a = relu(z) > 0
      const padded = tf.pad(x, [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ]);
      // dJ/dW[i, j, c, f] = Σ_n,y,x padded[n, y + i, x + j, c]·dZ[n, y, x, f]: a 'valid' convolution
      // of the input with the examples as its channels by dZ as a filter of the output's size
      const dW = tf.transpose(
        tf.conv2d(
          tf.transpose(padded, [3, 1, 2, 0]) as Rank4,
          tf.transpose(dZ, [1, 2, 0, 3]) as Rank4,
          1,
          'valid',
        ),
        [1, 2, 0, 3],
      );
      const dX = needInput ? tf.conv2dTranspose(dZ, W, x.shape, stride, padding) : null;
      W.assign(tf.sub(W, tf.mul(dW, rate)));
      b.assign(tf.sub(b, tf.mul(tf.sum(dZ, [0, 1, 2]), rate)));
      return dX;
    },
  };
}

function maxPool({ size, stride }: PoolSpec): Layer {
  let x: Rank4, a: Rank4;
  return {
    variables: [],
    forward(aPrev) {
      x = aPrev as Rank4;
      a = tf.maxPool(x, size, stride, 'valid');
      return a;
    },
    backward: (dA) =>
      tf.engine().runKernel(
        'MaxPoolGrad',
        { dy: dA, input: x, output: a },
        {
          filterSize: size,
          strides: stride,
          pad: 'valid',
        },
      ) as tf.Tensor,
  };
}

function flatten(): Layer {
  let shape: number[];
  return {
    variables: [],
    forward(aPrev) {
      shape = aPrev.shape;
      return tf.reshape(aPrev, [shape[0]!, -1]);
    },
    backward: (d) => tf.reshape(d, shape),
  };
}

/** z = a·W + b, examples as rows, W [n_(l−1), n_l]; ReLU, or the sigmoid output whose dJ/dz the loss gives */
function dense({ units, activation }: DenseSpec, fanIn: number, seed: number): Layer {
  const W = he(fanIn, [fanIn, units], seed);
  const b = zeros(units);
  let x: tf.Tensor2D, a: tf.Tensor2D;
  return {
    variables: [W, b],
    forward(aPrev) {
      x = aPrev as tf.Tensor2D;
      a = tf.fused.matMul({
        a: x,
        b: W,
        bias: b,
        activation: activation === 'relu' ? 'relu' : 'linear',
      }) as tf.Tensor2D;
      return activation === 'sigmoid' ? tf.sigmoid(a) : a;
    },
    backward(d, rate, needInput) {
      const dZ = activation === 'relu' ? tf.mul(d, tf.step(a)) : d;
      const dX = needInput ? tf.matMul(dZ, W, false, true) : null;
      W.assign(tf.sub(W, tf.mul(tf.matMul(x, dZ, true, false), rate)));
      b.assign(tf.sub(b, tf.mul(tf.sum(dZ, 0), rate)));
      return dX;
    },
  };
}

function layersOf(architecture: Architecture): Layer[] {
  return placeLayers(architecture).map(({ spec, input, fanIn }, l) => {
    switch (spec.type ?? 'dense') {
      case 'conv2d':
        return conv(spec as Conv2dSpec, input, l + 1);
      case 'maxPool':
        return maxPool(spec as PoolSpec);
      case 'flatten':
        return flatten();
      case 'dense':
        return dense(spec as DenseSpec, fanIn, l + 1);
      default:
        throw new Error(`the tfjs peer does not write ${spec.type} layers`);
    }
  });
}

/** W5's network in tfjs: a step of gradient descent on a batch, and the batch's cost. */
export function createTfjsCnn(cnn: CnnWorkload) {
  const [height, width, channels] = cnn.input;
  const layers = layersOf({
    inputSize: height * width * channels,
    inputShape: { height, width, channels },
    layers: cnn.layers,
    loss: 'binaryCrossEntropy',
  });
  const forward = (X: tf.Tensor) => layers.reduce((a, layer) => layer.forward(a), X);
  return {
    /** X [m, H, W, C], Y [m, 1] */
    step: (X: tf.Tensor, Y: tf.Tensor, rate: number) =>
      tf.tidy(() => {
        let d: tf.Tensor | null = tf.div(tf.sub(forward(X), Y), Y.shape[0]!); // dJ/dz of the sigmoid output
        for (let l = layers.length - 1; l >= 0; l--) d = layers[l]!.backward(d!, rate, l > 0);
      }),
    cost: (X: tf.Tensor, Y: tf.Tensor) =>
      tf.tidy(() => {
        const AL = forward(X);
        const logs = tf.add(tf.mul(Y, tf.log(AL)), tf.mul(tf.sub(1, Y), tf.log(tf.sub(1, AL))));
        return -tf.mean(logs).dataSync()[0]!;
      }),
    variables: () => layers.flatMap((layer) => layer.variables),
  };
}

/** ms per epoch of W5 after one warm-up epoch; x [m, H·W·C] as the images are stored, y [m]. */
export function tfjsCnnEpochMs(
  x: Float32Array,
  y: Float32Array,
  m: number,
  cnn: CnnWorkload,
  epochs: number,
) {
  const X = tf.tensor4d(x, [m, ...cnn.input]);
  const Y = tf.tensor2d(y, [m, 1]);
  const network = createTfjsCnn(cnn);
  const epoch = () => {
    const order = tf.util.createShuffledIndices(m);
    for (let first = 0; first < m; first += cnn.batchSize) {
      const indices = tf.tensor1d(Array.from(order.subarray(first, first + cnn.batchSize)), 'int32');
      const Xb = tf.gather(X, indices);
      const Yb = tf.gather(Y, indices);
      network.step(Xb, Yb, cnn.learningRate);
      tf.dispose([indices, Xb, Yb]);
    }
  };
  epoch();
  const started = performance.now();
  for (let e = 0; e < epochs; e++) epoch();
  const ms = (performance.now() - started) / epochs;
  tf.dispose([X, Y, ...network.variables()]);
  return ms;
}
