/**
 * The network the editor shows, layer by layer: the shape each layer gives
 * and the values it stores, as core's placeLayers places them, and what is
 * wrong at a layer, in the words of core's setup and architecture checks.
 */
import {
  architectureProblems,
  describeShape,
  inputShapeOf,
  layerKind,
  placeLayers,
  shapeSize,
  type LayerSpec,
  type TensorShape,
} from '../../../core/architecture.ts';
import { architectureFor, setupProblems, type DataShape, type RunSetup } from '../../../core/runSetup.ts';

export interface FlowLayer {
  readonly spec: LayerSpec;
  /** the shape the layer gives; null from the first layer that cannot be placed on */
  readonly output: TensorShape | null;
  /** whether it gives a row of values (after a dense or flatten layer) rather than an image */
  readonly vector: boolean;
  /** the values it stores (weights, biases, statistics); null where `output` is */
  readonly stored: number | null;
  /** those of them training changes */
  readonly trainable: number | null;
  /** what is wrong at this layer, without its number; null when nothing is */
  readonly problem: string | null;
}

export interface LayerFlow {
  readonly input: TensorShape;
  /** whether the network reads its input as a row of values rather than an image */
  readonly vector: boolean;
  /** the hidden layers, then the output layer: layer l of the checks' words is layers[l − 1] */
  readonly layers: readonly FlowLayer[];
  /** every layer's stored values; null until every layer can be placed */
  readonly stored: number | null;
}

/** "hidden layer 3: …" (the setup's check) or "layer 3: …" (the architecture's) */
const AT_LAYER = /^(?:hidden )?layer (\d+): (.+)$/;

/** The layers of the setup's network on this data, each with its shape, values and problem. */
export function layerFlow(setup: RunSetup, data: DataShape): LayerFlow {
  const architecture = architectureFor(setup, data);
  // the setup's check stops before the architecture's when a setting is wrong: ask both
  const problems = [...setupProblems(setup, data), ...architectureProblems(architecture)];
  const problemAt = new Map<number, string>();
  for (const match of problems.map((text) => AT_LAYER.exec(text))) {
    if (match && !problemAt.has(Number(match[1]))) problemAt.set(Number(match[1]), match[2]!);
  }
  // every layer before the first with a problem has usable numbers and leaves something
  const fitting = Math.min(architecture.layers.length, ...[...problemAt.keys()].map((l) => l - 1));
  const placed = placeLayers({ ...architecture, layers: architecture.layers.slice(0, fitting) });
  const inputVector = architecture.inputShape === undefined;
  let vector = inputVector;
  return {
    input: inputShapeOf(architecture),
    vector: inputVector,
    layers: architecture.layers.map((spec, i) => ({
      spec,
      output: placed[i]?.output ?? null,
      vector: (vector = givesVector(spec, vector)),
      stored: placed[i]?.stored ?? null,
      trainable: placed[i]?.trainable ?? null,
      problem: problemAt.get(i + 1) ?? null,
    })),
    stored: fitting === architecture.layers.length ? placed.reduce((sum, l) => sum + l.stored, 0) : null,
  };
}

/** Dense and flatten layers give a row of values; dropout and batch normalisation keep what they take. */
function givesVector(spec: LayerSpec, takesVector: boolean): boolean {
  const kind = layerKind(spec);
  return (
    kind === 'dense' || kind === 'flatten' || (takesVector && (kind === 'dropout' || kind === 'batchNorm'))
  );
}

/** "32×32×16" for an image, "4,096" for a row of values. */
export function shapeText(shape: TensorShape, vector: boolean): string {
  return vector ? shapeSize(shape).toLocaleString('en') : describeShape(shape);
}
