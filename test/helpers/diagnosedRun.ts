/**
 * A run as the trainer drives it, with the diagnosis made after every few
 * epochs on the probe batch and once more at the end: what a user would
 * have seen in the findings panel, epoch by epoch.
 */
import { diagnose, type Finding } from '../../src/core/diagnosis.ts';
import { Probe } from '../../src/core/inspection.ts';
import { architectureFor, inputSize, trainingConfigFor, type RunSetup } from '../../src/core/runSetup.ts';
import { createSeededNetwork, train, type EpochPoint } from '../../src/core/training.ts';
import type { DataSet } from '../../src/data/dataSet.ts';
import { runData, runSplits } from '../../src/data/runSplits.ts';

export interface DiagnosedRun {
  /** the findings of every diagnosis that found something, with its epoch */
  readonly seen: readonly { epoch: number; findings: Finding[] }[];
  /** the diagnosis at the end */
  readonly final: Finding[];
  readonly curve: readonly EpochPoint[];
  /** the training loop's account, when the run diverged */
  readonly diverged: string | null;
}

export function diagnosedRun(dataSet: DataSet, setup: RunSetup, every = 5): DiagnosedRun {
  const splits = runSplits(dataSet, setup);
  const data = runData(splits, dataSet.width, dataSet.height);
  const classCount = splits.classes.length;
  const config = trainingConfigFor(setup);
  const architecture = architectureFor(setup, { inputSize: inputSize(setup.input), classCount });
  const { network, random } = createSeededNetwork(architecture, config);
  const probe = new Probe(network, data.train, classCount);
  const curve: EpochPoint[] = [];
  const seen: { epoch: number; findings: Finding[] }[] = [];
  let diverged: string | null = null;
  const look = () => {
    const findings = diagnose({ setup, epochs: curve, ...probe.report(), diverged });
    if (findings.length > 0) seen.push({ epoch: curve.length, findings });
    return findings;
  };
  for (const event of train(network, random, { ...data, classCount }, config, () => 0)) {
    if (event.type === 'diverged') diverged = event.explanation;
    if (event.type !== 'epoch') continue;
    curve.push(event);
    if (event.epoch % every === 0 && event.epoch < event.epochs) look();
  }
  const final = look();
  probe.dispose();
  network.dispose();
  return { seen, final, curve, diverged };
}
