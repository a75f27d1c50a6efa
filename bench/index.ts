/**
 * npm run bench: Whisker and its peers measured in one run on the cat training set
 * (bench/workload.ts), then the app end to end, then the import of a 10,000-image folder.
 *   W1 full batch of 209, ms per iteration     W2 mini-batches of 64, ms per epoch
 *   W3 import of 10,000 PNG files, and the app training on 50,000 and 10,000 generated images
 *   W4 one prediction of one image, µs
 *   W6 the 6-class net in mini-batches of 32, with Adam and with momentum, ms per epoch
 *   W7 the "Course: 4-layer" preset through the backend and the trainer process
 * Each figure is given with its thread count and its ratio to the fastest peer.
 * WHISKER_BENCH_ONLY=peers,W7,W3 (the default) picks the parts to run.
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { referenceKernel } from '../src/core/kernels/kernel.ts';
import { simdKernel } from '../src/core/kernels/simd.ts';
import { toExamples } from '../src/data/dataSet.ts';
import { runData, runSplits } from '../src/data/runSplits.ts';
import { createParallelKernel, type ParallelKernel } from '../src/trainer/parallelKernel.ts';
import type { Examples } from '../src/core/examples.ts';
import { catvnoncatAvailable, CATVNONCAT_DIR, loadCatvnoncat } from '../test/helpers/catvnoncat.ts';
import { overheadCosts } from './appOverhead.ts';
import { appRound, appSetup, describeAppRounds, pointsPerMessage, type AppRound } from './appRun.ts';
import { benchImport } from './importFolder.ts';
import { printImportPerBuild } from './importPerBuild.ts';
import { benchTrainingScale, describeScale } from './trainingScale.ts';
import { profileW1 } from './profile.ts';
import { pythonPeers } from './pythonPeers.ts';
import { fastestThreads, medianOfRounds } from './rounds.ts';
import { fastestPeers, formatTable, threadsOf } from './table.ts';
import { runTfjs } from './tfjsPeer.ts';
import { runWhisker } from './whiskerPeer.ts';
import {
  asMatrices,
  courseArchitecture,
  flopsPerPass,
  ROUNDS,
  type PeerResult,
  type Workload,
} from './workload.ts';

const ITERATIONS = Number(process.env['WHISKER_BENCH_ITERATIONS'] ?? 200);
const EPOCHS = Number(process.env['WHISKER_BENCH_EPOCHS'] ?? 100);
const PREDICTIONS = 5000;
const options = { miniBatchEpochs: EPOCHS, predictions: PREDICTIONS };
const PARTS = new Set((process.env['WHISKER_BENCH_ONLY'] ?? 'peers,W7,W3').split(','));
/** W7's run: the preset's length unless asked for a shorter one */
const APP_EPOCHS = process.env['WHISKER_BENCH_APP_EPOCHS'];

const load = () => loadavg()[0]!.toFixed(2);

async function main(): Promise<void> {
  if (!catvnoncatAvailable) {
    console.log(`Benchmark skipped: the cat data set is not at ${CATVNONCAT_DIR} (set WHISKER_CATVNONCAT).`);
    return;
  }
  const dataSet = await loadCatvnoncat();
  const examples = toExamples(dataSet.train, dataSet.width, dataSet.height);
  const m = examples.count;
  const gflop = flopsPerPass(courseArchitecture(examples.inputSize), m) / 1e9;
  console.log(
    `${new Date().toISOString().slice(0, 10)}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, ` +
      `Node ${process.versions.node}; load average ${load()} at the start`,
  );
  if (simdKernel('relaxed') === null) {
    console.log(
      '  no relaxed SIMD here: Whisker runs its plain SIMD kernel (Node 20: --experimental-wasm-relaxed-simd)',
    );
  }

  const parallel = createParallelKernel()!;
  if (PARTS.has('peers')) await benchPeers(parallel, examples, gflop);
  if (PARTS.has('W7')) {
    const setup = appSetup(APP_EPOCHS ? Number(APP_EPOCHS) : undefined);
    const rounds: AppRound[] = [];
    for (let round = 0; round < ROUNDS; round++)
      rounds.push(await appRound(parallel, examples, ITERATIONS, setup));
    const data = runData(runSplits(dataSet, setup), dataSet.width, dataSet.height);
    const costs = overheadCosts(parallel, data, setup, pointsPerMessage(rounds), Math.ceil(setup.epochs / 2));
    for (const line of describeAppRounds(rounds, costs)) console.log(line);
  }
  await parallel.close();
  if (!PARTS.has('W3')) return;
  const imported = await benchImport();
  console.log(
    `W3 import of ${imported.images} PNG images (128×128 to 64×64): ${imported.seconds.toFixed(2)} s, ` +
      `${(imported.images / imported.seconds).toFixed(0)} images/s, peak RSS ${imported.peakRssMb.toFixed(0)} MB ` +
      `(${imported.baselineRssMb.toFixed(0)} MB before); load average ${load()} at the end`,
  );
  printImportPerBuild();
  for (const result of await benchTrainingScale()) console.log(describeScale(result));
}

async function benchPeers(parallel: ParallelKernel, examples: Examples, gflop: number): Promise<void> {
  const m = examples.count;
  // Every peer once per round, rounds one after another, so the machine's load falls on all alike.
  const one = simdKernel()!;
  const { x, y } = asMatrices(examples);
  const python = pythonPeers(x, y, m, { iterations: ITERATIONS, epochs: EPOCHS, predictions: PREDICTIONS });
  const notes = python.notes;
  const whiskerRounds: PeerResult[][] = [];
  const peerRounds: PeerResult[][] = [];
  let tfjsFailed = false;
  for (let round = 0; round < ROUNDS; round++) {
    whiskerRounds.push([
      runWhisker(`Whisker, ${parallel.name}`, parallel, examples, ITERATIONS, options),
      runWhisker(`Whisker, ${one.name}, 1 thread`, one, examples, ITERATIONS, options),
      runWhisker('Whisker, plain TypeScript', referenceKernel(), examples, Math.ceil(ITERATIONS / 10), {
        miniBatchEpochs: 0,
        predictions: 0,
      }),
    ]);
    const peers = python.round();
    if (!tfjsFailed) {
      try {
        // 20-30 times slower than the others: fewer iterations give its figures as well, sooner.
        const short = { miniBatchEpochs: Math.ceil(EPOCHS / 10), predictions: PREDICTIONS / 5 };
        peers.push(await runTfjs(x, y, m, Math.ceil(ITERATIONS / 4), short));
      } catch (error) {
        notes.push(`tfjs-backend-wasm: ${(error as Error).message}`);
        tfjsFailed = true;
      }
    }
    peerRounds.push(peers);
    console.log(`  round ${round + 1} of ${ROUNDS} done, load average ${load()}`);
  }
  python.dispose();
  const profile = profileW1(parallel, examples, ITERATIONS);
  const whisker = medianOfRounds(whiskerRounds);
  const peers = fastestThreads(medianOfRounds(peerRounds));

  console.log(
    `[12288, 20, 7, 5, 1] on ${m} cat images (${gflop.toFixed(3)} GFLOP per pass over them), W1 ${ITERATIONS} iterations, ` +
      `W2 ${EPOCHS} epochs; [12288, 25, 12, 6] for W6, ${EPOCHS} epochs; W4 ${PREDICTIONS} predictions ` +
      '(tfjs a quarter of the iterations, a tenth of the epochs, a fifth of the predictions); ' +
      `medians of ${ROUNDS} rounds, each after warm-up; each Python peer at its fastest thread count. ` +
      'Cells: figure (threads) and its ratio to the fastest peer.',
  );
  for (const line of formatTable(whisker, peers)) console.log(line);
  for (const r of [...whisker, ...peers]) if (r.note) console.log(`  ${r.note}`);
  for (const note of notes) console.log(`  ${note}`);
  if (process.env['OPENBLAS_CORETYPE']) {
    console.log(
      `  OPENBLAS_CORETYPE=${process.env['OPENBLAS_CORETYPE']} is set: OpenBLAS runs that core's kernels`,
    );
  }
  // Whisker, like each peer, at its fastest thread count for each workload.
  const best = fastestPeers(peers);
  const ours = fastestPeers(whisker);
  const threads = (r: PeerResult, workload: Workload) => {
    const count = threadsOf(r, workload);
    return `${count} thread${count === 1 ? '' : 's'}`;
  };
  const summary = (workload: Workload, label: string) => {
    const peer = best[workload];
    const whiskerBest = ours[workload];
    if (!peer || !whiskerBest) return `${label}: no peer`;
    return (
      `${label} ${(whiskerBest[workload]! / peer[workload]!).toFixed(2)}× ` +
      `(Whisker ${threads(whiskerBest, workload)}, ${peer.name} ${threads(peer, workload)})`
    );
  };
  console.log(
    `Whisker / fastest peer, each at its fastest thread count: ${summary('fullBatchMs', 'W1')}, ` +
      `${summary('miniBatchEpochMs', 'W2')}, ${summary('adamEpochMs', 'W6 Adam')}, ` +
      `${summary('momentumEpochMs', 'W6 momentum')}; W1 at ${(gflop / (ours.fullBatchMs!.fullBatchMs! / 1000)).toFixed(1)} GFLOP/s`,
  );

  console.log(`W1 on ${parallel.name}, profiled: ${profile}`);
}

await main();
