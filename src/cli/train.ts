/** whisker train <folder | files.h5 | sample> --out model.safetensors [options] */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { defaultKernel } from '../core/kernels/defaultKernel.ts';
import { evaluate } from '../core/metrics.ts';
import { modelFromNetwork } from '../core/model.ts';
import { describeArchitecture, parameterCount } from '../core/architecture.ts';
import { createSeededNetwork, train, type TrainingEvent } from '../core/training.ts';
import { toExamples } from '../data/dataSet.ts';
import { checkWritable } from '../data/files.ts';
import { saveModel } from '../data/modelFiles.ts';
import { describeDataSet, trainingSetHash } from '../data/report.ts';
import { createParallelKernel } from '../trainer/parallelKernel.ts';
import { EXIT, UsageError } from './errors.ts';
import { Output, percent } from './output.ts';
import { loadSource } from './sources.ts';
import {
  architectureFor,
  decodeOptions,
  splitOptions,
  trainingConfig,
  TRAINING_OPTIONS,
} from './trainingOptions.ts';

export const TRAIN_USAGE = `whisker train <folder | train.h5 test.h5 | sample> --out <model.safetensors> [options]
  --layers 20,7,5        hidden layer sizes, or 20:relu,7:tanh (none for logistic regression)
  --activation relu      hidden activation: relu, leakyRelu, sigmoid, tanh, linear
  --loss <name>          binaryCrossEntropy, softmaxCrossEntropy or meanSquaredError (default: by class count)
  --init <name>          he, xavierNormal, xavierUniform, lecun, smallRandom, zeros (default: the course's)
  --optimizer gd         gd, momentum or adam
  --learning-rate 0.0075 --lr-decay 0   --batch-size 0 (full batch)   --epochs 2500
  --l2 0                 --seed 1       --size 64 (or 64x48)   --fit stretch|crop|letterbox
  --test-fraction 0.2    --validation-fraction 0   (for a folder without train/ and test/)
  --classes a,b          class folders in label order   --print-every 1   --json`;

export async function trainCommand(args: string[], output: Output, signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...TRAINING_OPTIONS,
      out: { type: 'string', short: 'o' },
      'print-every': { type: 'string', default: '1' },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.out) throw new UsageError('--out <model.safetensors> is required');
  const printEvery = Number(values['print-every']);
  if (!Number.isInteger(printEvery) || printEvery < 1)
    throw new UsageError('--print-every must be a whole number ≥ 1');
  const decode = decodeOptions(values);
  const split = splitOptions(values);
  // Check every option before reading any image: the layers against a two-class problem.
  const hiddenLayers = architectureFor(values, decode.width * decode.height * 3, 2).layers.length - 1;
  const config = trainingConfig(values, hiddenLayers);
  await checkWritable(values.out);

  const dataSet = await loadSource(positionals, {
    decode,
    split,
    signal,
    onProgress: (p) => output.importProgress(p),
    ...(values.classes ? { classes: values.classes.split(',') } : {}),
  });
  output.clearBar();
  const report = describeDataSet(dataSet);
  for (const s of dataSet.skipped) output.note(`skipped ${s.file}: ${s.reason}`);
  for (const warning of report.warnings) output.note(`warning: ${warning}`);
  output.line(
    `Data: ${report.counts.map((c) => `${c.name} ${c.train}/${c.validation}/${c.test}`).join(', ')} (train/validation/test)`,
  );

  const inputSize = dataSet.width * dataSet.height * 3;
  const architecture = architectureFor(values, inputSize, dataSet.classes.length);
  const kernel = createParallelKernel() ?? defaultKernel();
  const { network, random } = createSeededNetwork(architecture, config, kernel);
  output.line(
    `Network: ${describeArchitecture(architecture)} (${architecture.loss}), ${parameterCount(architecture).toLocaleString('en')} parameters, ` +
      `${config.initializer} initialisation, ${config.optimizer.kind} at ${config.learningRate}, ` +
      `${config.batchSize === 0 ? 'full batch' : `batches of ${config.batchSize}`}, ${config.epochs} epochs, on ${kernel.name}`,
  );

  const trainSet = toExamples(dataSet.train, dataSet.width, dataSet.height);
  const validation = dataSet.validation && toExamples(dataSet.validation, dataSet.width, dataSet.height);
  const run = train(
    network,
    random,
    { train: trainSet, validation, classCount: dataSet.classes.length },
    config,
  );
  let last: Extract<TrainingEvent, { type: 'epoch' }> | null = null;
  for (const event of run) {
    if (signal.aborted) {
      run.return({ completedEpochs: last?.epoch ?? 0, stoppedBy: 'completed' });
      output.note(`Stopped after epoch ${last?.epoch ?? 0}; no model was written.`);
      return EXIT.interrupted;
    }
    if (event.type === 'diverged') {
      output.record(event);
      output.note(`Training failed: ${event.explanation} No model was written.`);
      return EXIT.failed;
    }
    if (event.type === 'batch') {
      output.bar(
        `epoch ${event.epoch}/${config.epochs}`,
        event.epoch - 1 + event.batch / event.batchesPerEpoch,
        config.epochs,
      );
    } else {
      last = event;
      output.record(event);
      if (event.epoch % printEvery === 0 || event.epoch === config.epochs) output.line(epochLine(event));
    }
    // Let Ctrl-C (and the terminal) be heard between batches.
    await nextTurn();
  }

  const trained = evaluate(network, trainSet, dataSet.classes.length);
  const test =
    dataSet.test &&
    evaluate(network, toExamples(dataSet.test, dataSet.width, dataSet.height), dataSet.classes.length);
  const metrics = {
    trainLoss: trained.loss,
    trainAccuracy: trained.accuracy,
    ...(test ? { testLoss: test.loss, testAccuracy: test.accuracy } : {}),
    ...(last?.validation
      ? { validationLoss: last.validation.loss, validationAccuracy: last.validation.accuracy }
      : {}),
  };
  await saveModel(
    values.out,
    modelFromNetwork(network, {
      input: { width: dataSet.width, height: dataSet.height, channels: 3, layout: 'HWC', scale: 1 / 255 },
      classes: dataSet.classes,
      training: { ...config, fit: decode.fit, source: positionals },
      metrics,
      datasetHash: trainingSetHash(dataSet),
      createdAt: new Date().toISOString(),
    }),
  );
  network.dispose();
  output.record({ type: 'done', model: values.out, metrics });
  output.line(
    `Train accuracy ${percent(trained.accuracy)}, cost ${trained.loss.toFixed(6)}` +
      (test ? `; test accuracy ${percent(test.accuracy)} on ${dataSet.test!.labels.length} images` : '') +
      `. Model written to ${values.out}`,
  );
  return EXIT.ok;
}

function epochLine(event: Extract<TrainingEvent, { type: 'epoch' }>): string {
  const validation = event.validation
    ? `  val loss ${event.validation.loss.toFixed(4)}  val acc ${percent(event.validation.accuracy)}`
    : '';
  return (
    `epoch ${String(event.epoch).padStart(String(event.epochs).length)}/${event.epochs}  ` +
    `loss ${event.train.loss.toFixed(6)}  acc ${percent(event.train.accuracy)}${validation}  ` +
    `${Math.round(event.examplesPerSecond).toLocaleString('en')} img/s`
  );
}
