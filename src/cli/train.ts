/** whisker train <folder | files.h5 | sample> --out model.safetensors [options] */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { describeKeptEpoch, type KeptEpoch } from '../core/bestEpoch.ts';
import { describeArchitecture, parameterCount } from '../core/architecture.ts';
import { describeAugmentation } from '../core/augmentation.ts';
import { diagnose, type Finding } from '../core/diagnosis.ts';
import { finishRun } from '../core/finishRun.ts';
import { Probe } from '../core/inspection.ts';
import { defaultKernel } from '../core/kernels/defaultKernel.ts';
import {
  architectureFor,
  earlyStoppingProblem,
  INITIALIZER_LABELS,
  OPTIMIZER_LABELS,
  trainingConfigFor,
} from '../core/runSetup.ts';
import { createSeededNetwork, train, type EpochPoint } from '../core/training.ts';
import { checkWritable } from '../data/files.ts';
import { saveModel } from '../data/modelFiles.ts';
import { describeDataSet, trainingSetHash } from '../data/report.ts';
import { runData, runSplits } from '../data/runSplits.ts';
import { createParallelKernel } from '../trainer/parallelKernel.ts';
import { EXIT, UsageError } from './errors.ts';
import { Output, percent } from './output.ts';
import { loadSource } from './sources.ts';
import {
  augmentationUsage,
  LAYER_SYNTAX,
  setupFromOptions,
  splitOptions,
  TRAINING_OPTIONS,
} from './trainingOptions.ts';

export const TRAIN_USAGE = `whisker train <folder | train.h5 test.h5 | sample> --out <model.safetensors> [options]
  --layers 20,7,5        hidden layers (none for logistic regression), each one of
                         ${LAYER_SYNTAX}
  --activation relu      hidden activation: relu, leakyRelu, sigmoid, tanh, linear
  --loss auto            auto (cross-entropy) or meanSquaredError
  --init <name>          he, xavierNormal, xavierUniform, lecun, smallRandom, standardNormal, zeros (default: the course's)
  --optimizer gd         gd, momentum or adam
  --learning-rate 0.0075 --lr-decay 0   --batch-size 0 (full batch)   --epochs 2500
  --l2 0                 λ of (λ/2M)·Σ‖W‖², M the training examples, whatever the batch size
  --seed 1               the initial weights and the examples' order
  --split-seed 1         the test split of a folder without train/ and test/, and the validation hold-out
  --size 64 (or 64x48)   --fit stretch|crop|letterbox
  --test-fraction 0.2    (for a folder without train/ and test/)
  --validation-fraction 0  share of the training split held out for validation (a val/ folder is used instead)
  --early-stopping 0     patience: stop after this many epochs without a better validation loss, and keep
                         the best epoch's weights (also when every epoch trains); 0 is off. Needs validation
  --classes a,b          class folders in label order (two classes: the negative one first)
${augmentationUsage()}
  --print-every 1        --json (one JSON record per line)`;

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
  // Every option, and the model's file, are checked before any image is read.
  const setup = setupFromOptions(values);
  await checkWritable(values.out);

  const dataSet = await loadSource(positionals, {
    decode: setup.input,
    split: splitOptions(values, setup),
    signal,
    onProgress: (p) => output.importProgress(p),
    ...(setup.classOrder ? { classes: setup.classOrder } : {}),
  });
  output.clearBar();
  const report = describeDataSet(dataSet);
  for (const s of dataSet.skipped) output.note(`skipped ${s.file}: ${s.reason}`);
  for (const warning of report.warnings) output.note(`warning: ${warning}`);
  const splits = runSplits(dataSet, setup);
  const noValidation = earlyStoppingProblem(setup, dataSet.validation !== null);
  if (noValidation !== null)
    throw new UsageError(`${noValidation} with --validation-fraction, or give the data a val/ folder`);
  const count = (images: { labels: Uint16Array } | null) => images?.labels.length ?? 0;
  output.line(
    `Data: ${splits.classes.join(', ')} (label 0${splits.classes.length === 2 ? ' is the negative class' : ' first'}); ` +
      `${count(splits.train)} training, ${count(splits.validation)} validation${splits.validationFrom ? ` (from the ${splits.validationFrom})` : ''}, ` +
      `${count(splits.test)} test images`,
  );

  const { width, height } = dataSet;
  const examples = runData(splits, width, height);
  const architecture = architectureFor(setup, {
    inputSize: width * height * 3,
    classCount: splits.classes.length,
  });
  const config = trainingConfigFor(setup);
  const kernel = createParallelKernel() ?? defaultKernel();
  const { network, random } = createSeededNetwork(architecture, config, kernel);
  output.line(
    `Network: ${describeArchitecture(architecture)} (${architecture.loss}), ${parameterCount(architecture).toLocaleString('en')} parameters, ` +
      `${INITIALIZER_LABELS[setup.initializer]}, ${OPTIMIZER_LABELS[setup.optimizer]} at ${setup.learningRate}, ` +
      `${setup.batchSize === 0 ? 'full batch' : `batches of ${setup.batchSize}`}, ${setup.epochs} epochs` +
      `${setup.earlyStopping > 0 ? `, early stopping after ${setup.earlyStopping} without a better validation loss` : ''}, ` +
      `augmentation ${describeAugmentation(setup.augmentation)}, on ${kernel.name}`,
  );

  const run = train(network, random, { ...examples, classCount: splits.classes.length }, config);
  const epochs: EpochPoint[] = [];
  let diverged: string | null = null;
  let kept: KeptEpoch | null = null;
  for (const event of run) {
    if (signal.aborted) {
      run.return({ completedEpochs: epochs.length, stoppedBy: 'completed' });
      output.note(`Stopped after epoch ${epochs.length}; no model was written.`);
      return EXIT.interrupted;
    }
    output.record(event);
    if (event.type === 'diverged') {
      diverged = event.explanation;
      break;
    }
    if (event.type === 'keptEpoch') {
      kept = event;
      const last = epochs.at(-1)!;
      if (last.epoch % printEvery !== 0 && last.epoch !== setup.epochs) output.line(epochLine(last));
      output.line(describeKeptEpoch(event, event.stoppedEarly ? 'early' : 'completed'));
    } else if (event.type === 'batch') {
      output.bar(
        `epoch ${event.epoch}/${setup.epochs}`,
        event.epoch - 1 + event.batch / event.batchesPerEpoch,
        setup.epochs,
      );
    } else {
      epochs.push(event);
      if (event.epoch % printEvery === 0 || event.epoch === setup.epochs) output.line(epochLine(event));
    }
    // Let Ctrl-C (and the terminal) be heard between batches.
    await nextTurn();
  }

  const probe = new Probe(network, examples.train, splits.classes.length);
  const findings = diagnose({ setup, epochs, ...probe.report(), diverged });
  probe.dispose();
  printFindings(output, findings);
  if (diverged !== null) {
    output.note(`Training failed: ${diverged} No model was written.`);
    return EXIT.failed;
  }

  const { metrics, model } = finishRun(network, examples, {
    setup,
    datasetHash: trainingSetHash(dataSet),
    createdAt: new Date().toISOString(),
  });
  await saveModel(values.out, model);
  network.dispose();
  output.record({ type: 'done', model: values.out, metrics, findings, keptEpoch: kept?.keptEpoch ?? null });
  output.line(
    `Train accuracy ${percent(metrics.trainAccuracy!)}, cost ${metrics.trainLoss!.toFixed(6)}` +
      (metrics.validationAccuracy !== undefined
        ? `; validation accuracy ${percent(metrics.validationAccuracy)}`
        : '') +
      (metrics.testAccuracy !== undefined
        ? `; test accuracy ${percent(metrics.testAccuracy)} on ${count(splits.test)} images`
        : '') +
      `. Model written to ${values.out}`,
  );
  return EXIT.ok;
}

function printFindings(output: Output, findings: readonly Finding[]): void {
  for (const finding of findings) {
    output.note(
      `diagnosis: ${finding.title}. ${finding.explanation}${finding.fix ? ` Try: ${finding.fix.label.toLowerCase()}.` : ''}`,
    );
  }
}

function epochLine(point: EpochPoint): string {
  const validation =
    point.validationLoss !== null && point.validationAccuracy !== null
      ? `  val loss ${point.validationLoss.toFixed(4)}  val acc ${percent(point.validationAccuracy)}`
      : '';
  return (
    `epoch ${String(point.epoch).padStart(String(point.epochs).length)}/${point.epochs}  ` +
    `loss ${point.trainLoss.toFixed(6)}  acc ${percent(point.trainAccuracy)}${validation}  ` +
    `${Math.round(point.examplesPerSecond).toLocaleString('en')} img/s`
  );
}
