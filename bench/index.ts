/**
 * npm run bench: Whisker and its peers measured in one run on the cat training set
 * (bench/workload.ts), then the app end to end, then the import of a 10,000-image folder.
 *   W1 full batch of 209, ms per iteration     W2 mini-batches of 64, ms per epoch
 *   W3 import of 10,000 PNG files, and the app training on 50,000 and 10,000 generated images
 *   W4 one prediction of one image, µs
 *   W5 a small CNN (3×3 conv + 2×2 max pool of 16, 32, 64 filters, dense 64) in mini-batches
 *      of 32, ms per epoch and GFLOP/s
 *   W6 the 6-class net in mini-batches of 32, with Adam and with momentum, ms per epoch
 *   W7 the "Course: 4-layer" preset through the backend and the trainer process
 * Each figure is given with its thread count and its ratio to the fastest peer.
 * WHISKER_BENCH_ONLY=peers,W7,W3 (the default) picks the parts to run; W5 alone is
 * WHISKER_BENCH_ONLY=W5. bench/plan.ts lists the variables that set the run's length.
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
import { benchPlan, runsTable, slowerCounts, type Plan } from './plan.ts';
import { profileRun } from './profile.ts';
import { pythonPeers } from './pythonPeers.ts';
import { fastestThreads, medianOfRounds } from './rounds.ts';
import { fastestPeers, formatTable, gflopsPerSecond, threadsOf } from './table.ts';
import { runTfjs } from './tfjsPeer.ts';
import { runWhisker } from './whiskerPeer.ts';
import {
  asMatrices,
  courseArchitecture,
  courseConfig,
  flopsPerPass,
  w5Architecture,
  w5Config,
  w5Workload,
  type PeerResult,
  type Workload,
} from './workload.ts';

const plan = benchPlan();

const load = () => loadavg()[0]!.toFixed(2);

async function main(): Promise<void> {
  if (!catvnoncatAvailable) {
    console.log(`Benchmark skipped: the cat data set is not at ${CATVNONCAT_DIR} (set WHISKER_CATVNONCAT).`);
    return;
  }
  const dataSet = await loadCatvnoncat();
  const examples = toExamples(dataSet.train, dataSet.width, dataSet.height);
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
  if (runsTable(plan.counts)) await benchPeers(parallel, examples, plan);
  if (plan.parts.has('W7')) {
    const setup = appSetup(plan.appEpochs);
    const rounds: AppRound[] = [];
    for (let round = 0; round < plan.rounds; round++)
      rounds.push(await appRound(parallel, examples, plan.iterations, setup));
    const data = runData(runSplits(dataSet, setup), dataSet.width, dataSet.height);
    const costs = overheadCosts(parallel, data, setup, pointsPerMessage(rounds), Math.ceil(setup.epochs / 2));
    for (const line of describeAppRounds(rounds, costs)) console.log(line);
  }
  await parallel.close();
  if (!plan.parts.has('W3')) return;
  const imported = await benchImport();
  console.log(
    `W3 import of ${imported.images} PNG images (128×128 to 64×64): ${imported.seconds.toFixed(2)} s, ` +
      `${(imported.images / imported.seconds).toFixed(0)} images/s, peak RSS ${imported.peakRssMb.toFixed(0)} MB ` +
      `(${imported.baselineRssMb.toFixed(0)} MB before); load average ${load()} at the end`,
  );
  printImportPerBuild();
  for (const result of await benchTrainingScale()) console.log(describeScale(result));
}

async function benchPeers(
  parallel: ParallelKernel,
  examples: Examples,
  { counts, rounds }: Plan,
): Promise<void> {
  const m = examples.count;
  const n = examples.inputSize;
  // Every peer once per round, rounds one after another, so the machine's load falls on all alike.
  const one = simdKernel()!;
  const { x, y } = asMatrices(examples);
  const cnn = w5Workload(n);
  const python = pythonPeers(x, y, m, counts, cnn);
  const notes = python.notes;
  const whiskerRounds: PeerResult[][] = [];
  const peerRounds: PeerResult[][] = [];
  // W1 alone, on a tenth of the iterations: the plain TypeScript kernel is the reference, not a contender.
  const plain = { ...slowerCounts(counts, { iterations: 10 }), epochs: 0, predictions: 0, cnnEpochs: 0 };
  // 20-30 times slower than the others: fewer iterations give its figures as well, sooner.
  const short = slowerCounts(counts, { iterations: 4, epochs: 10, predictions: 5, cnnEpochs: 5 });
  let tfjsFailed = false;
  for (let round = 0; round < rounds; round++) {
    whiskerRounds.push([
      runWhisker(`Whisker, ${parallel.name}`, parallel, examples, counts),
      runWhisker(`Whisker, ${one.name}, 1 thread`, one, examples, counts),
      ...(plain.iterations > 0
        ? [runWhisker('Whisker, plain TypeScript', referenceKernel(), examples, plain)]
        : []),
    ]);
    const peers = python.round();
    if (!tfjsFailed) {
      try {
        peers.push(await runTfjs(x, y, m, short, cnn));
      } catch (error) {
        notes.push(`tfjs-backend-wasm: ${(error as Error).message}`);
        tfjsFailed = true;
      }
    }
    peerRounds.push(peers);
    console.log(`  round ${round + 1} of ${rounds} done, load average ${load()}`);
  }
  python.dispose();
  const whisker = medianOfRounds(whiskerRounds);
  const peers = fastestThreads(medianOfRounds(peerRounds));
  const gflop = {
    W1: flopsPerPass(courseArchitecture(n), m) / 1e9,
    W5: flopsPerPass(w5Architecture(n), m) / 1e9,
  };

  console.log(
    `[12288, 20, 7, 5, 1] on ${m} cat images (${gflop.W1.toFixed(3)} GFLOP per pass over them), W1 ${counts.iterations} iterations, ` +
      `W2 ${counts.epochs} epochs; [12288, 25, 12, 6] for W6, ${counts.epochs} epochs; W4 ${counts.predictions} predictions; ` +
      `W5 ${counts.cnnEpochs} epochs of 64×64×3 → 3 × (conv 3×3 ReLU, max pool 2×2) of 16, 32, 64 → dense 64 ReLU → 1 sigmoid ` +
      `(${gflop.W5.toFixed(2)} GFLOP per epoch), plain gradient descent in batches of 32 ` +
      '(tfjs a quarter of the iterations, a tenth of the epochs, a fifth of the predictions and of the W5 epochs); ' +
      `medians of ${rounds} rounds, each after warm-up; each Python peer at its fastest thread count. ` +
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
  if (counts.cnnEpochs > 0)
    console.log(`W5 GFLOP/s: ${gflopsPerSecond([...whisker, ...peers], 'cnnEpochMs', gflop.W5)}`);
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
    if (!peer || !whiskerBest) return null;
    return (
      `${label} ${(whiskerBest[workload]! / peer[workload]!).toFixed(2)}× ` +
      `(Whisker ${threads(whiskerBest, workload)}, ${peer.name} ${threads(peer, workload)})`
    );
  };
  const ratios = [
    summary('fullBatchMs', 'W1'),
    summary('miniBatchEpochMs', 'W2'),
    summary('cnnEpochMs', 'W5'),
    summary('adamEpochMs', 'W6 Adam'),
    summary('momentumEpochMs', 'W6 momentum'),
  ].filter((ratio) => ratio !== null);
  const w1 = ours.fullBatchMs?.fullBatchMs;
  console.log(
    `Whisker / fastest peer, each at its fastest thread count: ${ratios.join(', ') || 'no peer'}` +
      (w1 ? `; W1 at ${(gflop.W1 / (w1 / 1000)).toFixed(1)} GFLOP/s` : ''),
  );

  if (counts.iterations > 0) {
    const warmup = 50;
    const profile = await profileRun(parallel, {
      architecture: courseArchitecture(n),
      config: courseConfig(warmup + counts.iterations, 0),
      examples,
      warmup,
      timed: counts.iterations,
    });
    console.log(`W1 on ${parallel.name}, profiled: ${profile.join('\n  ')}`);
  }
  if (counts.cnnEpochs > 0) {
    const profile = await profileRun(parallel, {
      architecture: w5Architecture(n),
      config: w5Config(1 + counts.cnnEpochs),
      examples,
      warmup: 1,
      timed: counts.cnnEpochs,
    });
    console.log(`W5 on ${parallel.name}, profiled: ${profile.join('\n  ')}`);
  }
}

await main();
