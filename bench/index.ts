/**
 * npm run bench: the course's 4-layer network [12288, 20, 7, 5, 1] on the cat
 * training set, measured in one run for Whisker and its peers (numpy with its
 * BLAS, tfjs-backend-wasm), then the import of a 10,000-image folder.
 *   W1 full batch of 209, ms per iteration     W2 mini-batches of 64, ms per epoch
 *   W3 import of 10,000 PNG files              W4 one prediction of one image, µs
 */
import { referenceKernel } from '../src/core/kernels/kernel.ts';
import { simdKernel } from '../src/core/kernels/simd.ts';
import { toExamples } from '../src/data/dataSet.ts';
import { createParallelKernel } from '../src/trainer/parallelKernel.ts';
import { catvnoncatAvailable, CATVNONCAT_DIR, loadCatvnoncat } from '../test/helpers/catvnoncat.ts';
import { benchImport } from './importFolder.ts';
import { printImportPerBuild } from './importPerBuild.ts';
import { runNumpy } from './numpyPeer.ts';
import { runTfjs } from './tfjsPeer.ts';
import { runWhisker } from './whiskerPeer.ts';
import { asMatrices, courseArchitecture, flopsPerPass, type PeerResult } from './workload.ts';

const ITERATIONS = Number(process.env['WHISKER_BENCH_ITERATIONS'] ?? 200);
const EPOCHS = Number(process.env['WHISKER_BENCH_EPOCHS'] ?? 100);
const PREDICTIONS = 5000;
const options = { miniBatchEpochs: EPOCHS, predictions: PREDICTIONS };

const fixed = (value: number | null, digits: number, width: number) =>
  (value === null ? '–' : value.toFixed(digits)).padStart(width);

async function main(): Promise<void> {
  if (!catvnoncatAvailable) {
    console.log(`Benchmark skipped: the cat data set is not at ${CATVNONCAT_DIR} (set WHISKER_CATVNONCAT).`);
    return;
  }
  const dataSet = await loadCatvnoncat();
  const examples = toExamples(dataSet.train, dataSet.width, dataSet.height);
  const m = examples.count;
  const gflop = flopsPerPass(courseArchitecture(examples.inputSize), m) / 1e9;
  const parallel = createParallelKernel()!;

  const results: PeerResult[] = [];
  const failures: string[] = [];
  results.push(runWhisker(`Whisker, ${parallel.name}`, parallel, examples, ITERATIONS, options));
  results.push(
    runWhisker('Whisker, WebAssembly SIMD, 1 thread', simdKernel()!, examples, ITERATIONS, options),
  );
  results.push(
    runWhisker('Whisker, plain TypeScript', referenceKernel(), examples, Math.ceil(ITERATIONS / 10), {
      miniBatchEpochs: 0,
      predictions: 0,
    }),
  );
  await parallel.close();
  const { x, y } = asMatrices(examples);
  const numpy = runNumpy(x, y, m, ITERATIONS, options);
  if (typeof numpy === 'string') failures.push(`numpy: ${numpy}`);
  else results.push(numpy);
  try {
    results.push(await runTfjs(x, y, m, ITERATIONS, options));
  } catch (error) {
    failures.push(`tfjs-wasm: ${(error as Error).message}`);
  }

  const whisker = results[0]!;
  const numpyResult = results.find((r) => r.name === 'numpy');
  const ratio = (a: number | null, b: number | null | undefined) =>
    a === null || b === null || b === undefined ? '–' : `${(a / b).toFixed(2)}×`;

  console.log(
    `[12288, 20, 7, 5, 1], float32, on ${m} cat training images; ${gflop.toFixed(3)} GFLOP per pass over them; ` +
      `W1 ${ITERATIONS} iterations, W2 ${EPOCHS} epochs, W4 ${PREDICTIONS} predictions, after warm-up`,
  );
  console.log(
    `${'peer'.padEnd(38)} ${'W1 ms/iter'.padStart(10)} ${'GFLOP/s'.padStart(8)} ${'vs numpy'.padStart(9)} ` +
      `${'W2 ms/epoch'.padStart(11)} ${'GFLOP/s'.padStart(8)} ${'vs numpy'.padStart(9)} ${'W4 µs'.padStart(8)} ${'cost'.padStart(9)}`,
  );
  for (const r of results) {
    console.log(
      `${r.name.padEnd(38)} ${fixed(r.fullBatchMs, 2, 10)} ${fixed(gflop / (r.fullBatchMs / 1000), 1, 8)} ` +
        `${ratio(r.fullBatchMs, numpyResult?.fullBatchMs).padStart(9)} ${fixed(r.miniBatchEpochMs, 2, 11)} ` +
        `${fixed(r.miniBatchEpochMs && gflop / (r.miniBatchEpochMs / 1000), 1, 8)} ` +
        `${ratio(r.miniBatchEpochMs, numpyResult?.miniBatchEpochMs).padStart(9)} ${fixed(r.predictUs, 1, 8)} ` +
        `${fixed(r.cost, 6, 9)}`,
    );
  }
  for (const r of results) if (r.note) console.log(`  ${r.name}: ${r.note}`);
  for (const failure of failures) console.log(`  ${failure}`);
  if (numpyResult) {
    console.log(
      `W1 Whisker / numpy time: ${ratio(whisker.fullBatchMs, numpyResult.fullBatchMs)} (target ≤ 1.5×)`,
    );
  }

  const imported = await benchImport();
  console.log(
    `W3 import of ${imported.images} PNG images (128×128 to 64×64): ${imported.seconds.toFixed(2)} s, ` +
      `${(imported.images / imported.seconds).toFixed(0)} images/s, peak RSS ${imported.peakRssMb.toFixed(0)} MB ` +
      `(${imported.baselineRssMb.toFixed(0)} MB before)`,
  );
}

await main();
printImportPerBuild();
