/** Between the model file's Model and a Network ready to predict. */
import type { Kernel } from './kernels/kernel.ts';
import type { Model, ModelInfo } from './modelFile.ts';
import { Network } from './network.ts';

export function networkFromModel(model: Model, kernel?: Kernel): Network {
  const network = new Network(model.architecture, kernel);
  network.params.set(model.params);
  return network;
}

export function modelFromNetwork(network: Network, info: ModelInfo): Model {
  return { architecture: network.architecture, params: Float32Array.from(network.params), info };
}
