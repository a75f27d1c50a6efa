/**
 * A Whisker model as ONNX (onnx/onnx.proto3, opset 13): the input is the
 * image's pixels as floats 0–255, [N, height·width·3] in HWC order; a Mul by
 * the input scale, then per layer a Gemm (W as stored, [n_l, n_(l−1)], with
 * transB) and its activation; the output is probabilities per class
 * [N, classes] (for one sigmoid unit, [1 − p, p]). Class names and the input
 * spec go in the model's metadata.
 */
import type { ActivationName } from './activations.ts';
import { LEAKY_SLOPE } from './activations.ts';
import type { Model } from './modelFile.ts';
import { ProtoWriter } from './protobuf.ts';

const IR_VERSION = 7;
const OPSET = 13;
const FLOAT = 1;
const ATTRIBUTE_FLOAT = 1;
const ATTRIBUTE_INT = 2;

interface Node {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly output: string;
  readonly attributes?: readonly { name: string; float?: number; int?: number }[];
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

function tensor(w: ProtoWriter, name: string, dims: readonly number[], values: Float32Array): void {
  for (const d of dims) w.int(1, d);
  w.int(2, FLOAT).string(8, name).bytes(9, floatBytes(values));
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

export function exportOnnx(model: Model): Uint8Array {
  const { architecture, params, info } = model;
  const nodes: Node[] = [{ op: 'Mul', inputs: ['pixels', 'scale'], output: 'x' }];
  const initializers: { name: string; dims: number[]; values: Float32Array }[] = [
    { name: 'scale', dims: [1], values: Float32Array.of(info.input.scale) },
  ];
  let offset = 0;
  let fanIn = architecture.inputSize;
  let previous = 'x';
  architecture.layers.forEach((layer, l) => {
    const weights = params.subarray(offset, offset + layer.units * fanIn);
    const bias = params.subarray(offset + layer.units * fanIn, offset + layer.units * (fanIn + 1));
    initializers.push({ name: `layers.${l}.weight`, dims: [layer.units, fanIn], values: weights });
    initializers.push({ name: `layers.${l}.bias`, dims: [layer.units], values: bias });
    nodes.push({
      op: 'Gemm',
      inputs: [previous, `layers.${l}.weight`, `layers.${l}.bias`],
      output: `z${l + 1}`,
      attributes: [{ name: 'transB', int: 1 }],
    });
    nodes.push(ACTIVATION_OPS[layer.activation](`z${l + 1}`, `a${l + 1}`));
    previous = `a${l + 1}`;
    offset += layer.units * (fanIn + 1);
    fanIn = layer.units;
  });
  const classes = info.classes.length;
  if (fanIn === 1) {
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
