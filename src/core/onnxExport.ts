/**
 * A Whisker model as ONNX (onnx/onnx.proto3, opset 13): the input is the
 * image's pixels as floats 0–255, [N, height·width·3] in HWC order; a Mul by
 * the input scale, then per layer a Gemm (W as stored, [n_l, n_(l−1)], with
 * transB), a Conv (Whisker's OHWI weights as ONNX's OIHW, explicit pads), a
 * MaxPool or AveragePool, a BatchNormalization, and the layer's activation;
 * the rows become ONNX's NCHW (Reshape, Transpose) before the first layer that
 * sees an image, and back to rows in Whisker's HWC order (Transpose, Flatten)
 * before the next dense layer or flatten, so dense weights stay as stored;
 * dropout is left out. The output is probabilities per class
 * [N, classes] (for one sigmoid unit, [1 − p, p]). Class names and the input
 * spec go in the model's metadata.
 */
import type { ActivationName } from './activations.ts';
import { LEAKY_SLOPE } from './activations.ts';
import {
  activationOf,
  BATCH_NORM_EPSILON,
  outputLayer,
  paddingBefore,
  placeLayers,
  type Conv2dSpec,
  type PoolSpec,
  type TensorShape,
} from './architecture.ts';
import type { Model } from './modelFile.ts';
import { ProtoWriter } from './protobuf.ts';

const IR_VERSION = 7;
const OPSET = 13;
const FLOAT = 1;
const INT64 = 7;
const ATTRIBUTE_FLOAT = 1;
const ATTRIBUTE_INT = 2;
const ATTRIBUTE_INTS = 7;

interface Attribute {
  readonly name: string;
  readonly float?: number;
  readonly int?: number;
  readonly ints?: readonly number[];
}

interface Node {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly output: string;
  readonly attributes?: readonly Attribute[];
}

interface Initializer {
  readonly name: string;
  readonly dims: readonly number[];
  readonly values: Float32Array | BigInt64Array;
}

const ACTIVATION_OPS: Readonly<Record<ActivationName, (input: string, output: string) => Node>> = {
  relu: (input, output) => ({ op: 'Relu', inputs: [input], output }),
  leakyRelu: (input, output) => ({
    op: 'LeakyRelu',
    inputs: [input],
    output,
    attributes: [{ name: 'alpha', float: LEAKY_SLOPE }],
  }),
  sigmoid: (input, output) => ({ op: 'Sigmoid', inputs: [input], output }),
  tanh: (input, output) => ({ op: 'Tanh', inputs: [input], output }),
  linear: (input, output) => ({ op: 'Identity', inputs: [input], output }),
  softmax: (input, output) => ({
    op: 'Softmax',
    inputs: [input],
    output,
    attributes: [{ name: 'axis', int: 1 }],
  }),
};

function floatBytes(values: Float32Array): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return out;
}

function tensor(
  w: ProtoWriter,
  name: string,
  dims: readonly number[],
  values: Float32Array | BigInt64Array,
): void {
  for (const d of dims) w.int(1, d);
  if (values instanceof BigInt64Array) {
    w.int(2, INT64)
      .string(8, name)
      .bytes(9, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  } else {
    w.int(2, FLOAT).string(8, name).bytes(9, floatBytes(values));
  }
}

function valueInfo(w: ProtoWriter, name: string, dims: readonly (number | string)[]): void {
  w.string(1, name).message(2, (type) =>
    type.message(1, (t) =>
      t.int(1, FLOAT).message(2, (shape) => {
        for (const d of dims)
          shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
      }),
    ),
  );
}

/** The graph so far: its nodes, its stored tensors, and the name and layout of the last value. */
class Graph {
  readonly nodes: Node[] = [];
  readonly initializers: Initializer[] = [];
  last = 'x';
  /** 'rows': [N, n] in Whisker's HWC order; 'nchw': [N, C, H, W] as ONNX's Conv and pools take */
  layout: 'rows' | 'nchw' = 'rows';

  add(op: string, inputs: readonly string[], output: string, attributes?: Attribute[]): void {
    this.nodes.push({ op, inputs: [this.last, ...inputs], output, attributes });
    this.last = output;
  }

  store(name: string, dims: readonly number[], values: Float32Array | BigInt64Array): string {
    this.initializers.push({ name, dims, values });
    return name;
  }

  /** rows [N, H·W·C] → [N, C, H, W] */
  toNchw({ height, width, channels }: TensorShape, l: number): void {
    if (this.layout === 'nchw') return;
    const shape = this.store(
      `layers.${l}.input_shape`,
      [4],
      BigInt64Array.of(-1n, BigInt(height), BigInt(width), BigInt(channels)),
    );
    this.add('Reshape', [shape], `nhwc${l}`);
    this.add('Transpose', [], `nchw${l}`, [{ name: 'perm', ints: [0, 3, 1, 2] }]);
    this.layout = 'nchw';
  }

  /** [N, C, H, W] → rows [N, H·W·C], back in Whisker's order */
  toRows(l: number): void {
    if (this.layout === 'rows') return;
    this.add('Transpose', [], `nhwc${l}`, [{ name: 'perm', ints: [0, 2, 3, 1] }]);
    this.add('Flatten', [], `rows${l}`, [{ name: 'axis', int: 1 }]);
    this.layout = 'rows';
  }
}

/** W [O, k, k, I] (OHWI, as Whisker stores it) as ONNX's [O, I, k, k] */
function ohwiToOihw(w: Float32Array, filters: number, k: number, channels: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let o = 0; o < filters; o++)
    for (let y = 0; y < k; y++)
      for (let x = 0; x < k; x++)
        for (let c = 0; c < channels; c++)
          out[((o * channels + c) * k + y) * k + x] = w[((o * k + y) * k + x) * channels + c]!;
  return out;
}

export function exportOnnx(model: Model): Uint8Array {
  const { architecture, params, info } = model;
  const graph = new Graph();
  graph.nodes.push({ op: 'Mul', inputs: ['pixels', 'scale'], output: 'x' });
  graph.store('scale', [1], Float32Array.of(info.input.scale));
  let offset = 0;
  for (const [l, layer] of placeLayers(architecture).entries()) {
    const tensor = (t: number) => {
      const start =
        offset + layer.tensors.slice(0, t).reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1), 0);
      return params.subarray(start, start + layer.tensors[t]!.shape.reduce((a, b) => a * b, 1));
    };
    const name = (t: number) => `layers.${l}.${layer.tensors[t]!.name}`;
    const spec = layer.spec;
    switch (spec.type ?? 'dense') {
      case 'dense': {
        graph.toRows(l);
        const [units, fanIn] = layer.tensors[0]!.shape as [number, number];
        graph.add(
          'Gemm',
          [graph.store(name(0), [units, fanIn], tensor(0)), graph.store(name(1), [units], tensor(1))],
          `z${l + 1}`,
          [{ name: 'transB', int: 1 }],
        );
        break;
      }
      case 'conv2d': {
        const { filters, kernel, stride, padding } = spec as Conv2dSpec;
        const { height, width, channels } = layer.input;
        graph.toNchw(layer.input, l);
        const weight = graph.store(
          name(0),
          [filters, channels, kernel, kernel],
          ohwiToOihw(tensor(0), filters, kernel, channels),
        );
        const top = paddingBefore(height, kernel, stride, padding);
        const left = paddingBefore(width, kernel, stride, padding);
        // the padding after = what the output's last window reaches past the input
        const bottom = Math.max(0, (layer.output.height - 1) * stride + kernel - height - top);
        const right = Math.max(0, (layer.output.width - 1) * stride + kernel - width - left);
        graph.add('Conv', [weight, graph.store(name(1), [filters], tensor(1))], `z${l + 1}`, [
          { name: 'kernel_shape', ints: [kernel, kernel] },
          { name: 'strides', ints: [stride, stride] },
          { name: 'pads', ints: [top, left, bottom, right] },
        ]);
        break;
      }
      case 'maxPool':
      case 'averagePool': {
        const { size, stride, type } = spec as PoolSpec;
        graph.toNchw(layer.input, l);
        graph.add(type === 'maxPool' ? 'MaxPool' : 'AveragePool', [], `z${l + 1}`, [
          { name: 'kernel_shape', ints: [size, size] },
          { name: 'strides', ints: [stride, stride] },
        ]);
        break;
      }
      case 'flatten':
        graph.toRows(l);
        break;
      case 'dropout':
        // nothing is dropped at inference
        break;
      case 'batchNorm': {
        const c = layer.output.channels;
        const [gamma, beta, mean, variance] = [0, 1, 2, 3].map((t) => graph.store(name(t), [c], tensor(t)));
        graph.add('BatchNormalization', [gamma!, beta!, mean!, variance!], `z${l + 1}`, [
          { name: 'epsilon', float: BATCH_NORM_EPSILON },
        ]);
        break;
      }
    }
    const activationName = activationOf(spec);
    if (activationName !== 'linear') {
      const node = ACTIVATION_OPS[activationName](graph.last, `a${l + 1}`);
      graph.nodes.push(node);
      graph.last = node.output;
    }
    offset += layer.stored;
  }
  const nodes = graph.nodes;
  const initializers = graph.initializers;
  const previous = graph.last;
  const classes = info.classes.length;
  if (outputLayer(architecture).units === 1) {
    initializers.push({ name: 'one', dims: [1], values: Float32Array.of(1) });
    nodes.push({ op: 'Sub', inputs: ['one', previous], output: 'not' });
    nodes.push({
      op: 'Concat',
      inputs: ['not', previous],
      output: 'probabilities',
      attributes: [{ name: 'axis', int: 1 }],
    });
  } else {
    nodes.push({ op: 'Identity', inputs: [previous], output: 'probabilities' });
  }

  const metadata: Record<string, string> = {
    classes: JSON.stringify(info.classes),
    input: JSON.stringify(info.input),
    architecture: JSON.stringify(architecture),
    created_at: info.createdAt,
  };
  return new ProtoWriter()
    .int(1, IR_VERSION)
    .string(2, 'Whisker')
    .message(7, (graph) => {
      for (const node of nodes) {
        graph.message(1, (n) => {
          for (const input of node.inputs) n.string(1, input);
          n.string(2, node.output).string(3, `${node.op}:${node.output}`).string(4, node.op);
          for (const a of node.attributes ?? []) {
            n.message(5, (attribute) => {
              attribute.string(1, a.name);
              if (a.float !== undefined) {
                attribute.float(2, a.float).int(20, ATTRIBUTE_FLOAT);
              } else if (a.ints !== undefined) {
                for (const value of a.ints) attribute.int(8, value);
                attribute.int(20, ATTRIBUTE_INTS);
              } else {
                attribute.int(3, a.int!).int(20, ATTRIBUTE_INT);
              }
            });
          }
        });
      }
      graph.string(2, 'whisker');
      for (const t of initializers) graph.message(5, (w) => tensor(w, t.name, t.dims, t.values));
      graph.message(11, (w) => valueInfo(w, 'pixels', ['N', architecture.inputSize]));
      graph.message(12, (w) => valueInfo(w, 'probabilities', ['N', classes]));
    })
    .message(8, (opset) => opset.string(1, '').int(2, OPSET))
    .message(14, (entry) => entry.string(1, 'whisker_format_version').string(2, '1'))
    .messages(14, Object.entries(metadata), (entry, [key, value]) => entry.string(1, key).string(2, value))
    .finish();
}
