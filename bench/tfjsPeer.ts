/**
 * The course network in @tensorflow/tfjs-backend-wasm (SIMD), and W5 (tfjsCnn.ts), written as a careful
 * tfjs user would after measuring: examples as columns and W[l] as [n_l, n_(l−1)],
 * as in the course, with dW computed as (A·dZᵀ)ᵀ. Examples as rows (tfjs's own
 * habit), with W as [n_(l−1), n_l] or as [n_l, n_(l−1)], ran about 3× slower here, and
 * dW as dZ·Aᵀ 9× slower. It asks for every core; tfjs-backend-wasm turns its threads
 * off under Node (tensorflow/tfjs#3830), and the note says how many it ran on.
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { tfjsCnnEpochMs } from './tfjsCnn.ts';
import {
  HIDDEN,
  MINI_BATCH,
  WARMUP_ITERATIONS,
  type CnnWorkload,
  type Counts,
  type PeerResult,
} from './workload.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const RATE = 0.0075;

type Params = { W: tf.Variable<tf.Rank.R2>; b: tf.Variable<tf.Rank.R2> }[];

/** tfjs on its WebAssembly backend, asked for every core. */
export async function useWasmBackend(): Promise<void> {
  setWasmPaths(path.resolve(here, '../node_modules/@tensorflow/tfjs-backend-wasm/dist') + '/');
  setThreadsCount(availableParallelism());
  await tf.setBackend('wasm');
  await tf.ready();
}

export async function runTfjs(
  x: Float32Array,
  y: Float32Array,
  m: number,
  counts: Counts,
  cnn: CnnWorkload,
): Promise<PeerResult> {
  const { iterations, epochs, predictions } = counts;
  await useWasmBackend();
  const n = x.length / m;
  const X = tf.tidy(() => tf.transpose(tf.tensor2d(x, [m, n])) as tf.Tensor2D); // [n_0, m]
  const Y = tf.tensor2d(y, [1, m]);
  const dims = [n, ...HIDDEN, 1];

  const initialise = (): Params =>
    dims.slice(1).map((units, l) => ({
      W: tf.variable(tf.randomNormal([units, dims[l]!], 0, 1 / Math.sqrt(dims[l]!), 'float32', 1)),
      b: tf.variable(tf.zeros([units, 1])),
    }));

  const forward = (params: Params, A0: tf.Tensor2D) => {
    const Z: tf.Tensor2D[] = [];
    const A: tf.Tensor2D[] = [A0];
    params.forEach(({ W, b }, l) => {
      const z = tf.add(tf.matMul(W, A[l]!), b) as tf.Tensor2D;
      Z.push(z);
      A.push(l < params.length - 1 ? tf.relu(z) : tf.sigmoid(z));
    });
    return { Z, A };
  };

  const iteration = (params: Params, Xb: tf.Tensor2D, Yb: tf.Tensor2D) =>
    tf.tidy(() => {
      const mb = Xb.shape[1];
      const { Z, A } = forward(params, Xb);
      const AL = A[A.length - 1]!;
      const cost = tf.neg(
        tf.mean(tf.add(tf.mul(Yb, tf.log(AL)), tf.mul(tf.sub(1, Yb), tf.log(tf.sub(1, AL))))),
      );
      let dZ = tf.div(tf.sub(AL, Yb), mb) as tf.Tensor2D;
      for (let l = params.length - 1; l >= 0; l--) {
        const { W, b } = params[l]!;
        const dW = tf.transpose(tf.matMul(A[l]!, dZ, false, true));
        const db = tf.sum(dZ, 1, true);
        if (l > 0) dZ = tf.mul(tf.matMul(W, dZ, true, false), tf.step(Z[l - 1]!)) as tf.Tensor2D;
        W.assign(tf.sub(W, tf.mul(dW, RATE)) as tf.Tensor2D);
        b.assign(tf.sub(b, tf.mul(db, RATE)) as tf.Tensor2D);
      }
      return cost.dataSync()[0]!;
    });
  const dispose = (params: Params) => params.forEach(({ W, b }) => (W.dispose(), b.dispose()));

  const fullBatch = () => {
    const params = initialise();
    for (let i = 0; i < WARMUP_ITERATIONS; i++) iteration(params, X, Y);
    const started = performance.now();
    let cost = NaN;
    for (let i = 0; i < iterations; i++) cost = iteration(params, X, Y);
    dispose(params);
    return { ms: (performance.now() - started) / iterations, cost };
  };
  const miniBatch = () => {
    const params = initialise();
    const started = performance.now();
    for (let epoch = 0; epoch < epochs; epoch++) {
      const order = tf.util.createShuffledIndices(m);
      for (let first = 0; first < m; first += MINI_BATCH) {
        const indices = tf.tensor1d(Array.from(order.subarray(first, first + MINI_BATCH)), 'int32');
        const Xb = tf.gather(X, indices, 1) as tf.Tensor2D;
        const Yb = tf.gather(Y, indices, 1) as tf.Tensor2D;
        iteration(params, Xb, Yb);
        tf.dispose([indices, Xb, Yb]);
      }
    }
    dispose(params);
    return (performance.now() - started) / epochs;
  };
  const full = iterations > 0 ? fullBatch() : null;
  const miniBatchEpochMs = epochs > 0 ? miniBatch() : null;

  let predictUs: number | null = null;
  if (predictions > 0) {
    const params = initialise();
    const one = tf.slice(X, [0, 0], [n, 1]) as tf.Tensor2D;
    const predictOnce = () => tf.tidy(() => forward(params, one).A.at(-1)!.dataSync()[0]);
    for (let i = 0; i < 200; i++) predictOnce();
    const started = performance.now();
    for (let i = 0; i < predictions; i++) predictOnce();
    predictUs = ((performance.now() - started) * 1000) / predictions;
    one.dispose();
    dispose(params);
  }
  tf.dispose([X, Y]);
  const cnnEpochMs = counts.cnnEpochs > 0 ? tfjsCnnEpochMs(x, y, m, cnn, counts.cnnEpochs) : null;
  const threads = getThreadsCount();
  return {
    name: `tfjs-backend-wasm ${tf.version_core}`,
    threads,
    fullBatchMs: full?.ms ?? null,
    cost: full?.cost ?? null,
    miniBatchEpochMs,
    predictUs,
    cnnEpochMs,
    adamEpochMs: null,
    momentumEpochMs: null,
    note:
      `@tensorflow/tfjs-backend-wasm ${tf.version_core}, SIMD ${tf.env().getBool('WASM_HAS_SIMD_SUPPORT')}, ` +
      `${threads} thread${threads === 1 ? '' : 's'} of ${availableParallelism()} asked for` +
      (threads === 1 ? ' (tfjs-backend-wasm turns its threads off under Node: tensorflow/tfjs#3830)' : ''),
  };
}
