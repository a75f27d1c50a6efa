/** Between the model file's Model and a Network ready to predict. */
import { describeArchitecture, parameterCount, type Architecture } from './architecture.ts';
import type { Kernel } from './kernels/kernel.ts';
import { float32Copy } from './matrix.ts';
import type { Model, ModelInfo } from './modelFile.ts';
import { Network } from './network.ts';

export function networkFromModel(model: Model, kernel?: Kernel): Network {
  const network = new Network(model.architecture, kernel);
  network.params.set(model.params);
  return network;
}

export function modelFromNetwork(network: Network, info: ModelInfo): Model {
  return { architecture: network.architecture, params: float32Copy(network.params), info };
}

/** A model from weights alone, checked for their number (the model file checks the rest when it is written). */
export function modelFromParams(architecture: Architecture, params: Float32Array, info: ModelInfo): Model {
  if (params.length !== parameterCount(architecture))
    throw new Error(`${params.length} weights do not fit ${describeArchitecture(architecture)}`);
  return { architecture, params: params.slice(), info };
}
