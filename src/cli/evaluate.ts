/** whisker eval <model.safetensors> <folder | files.h5> [--csv out.csv] [--json] */
import { parseArgs } from 'node:util';
import { csvTable } from '../api/csv.ts';
import { defaultKernel } from '../core/kernels/defaultKernel.ts';
import { confusionMatrix, evaluate, precisionRecall } from '../core/metrics.ts';
import { networkFromModel } from '../core/model.ts';
import { toExamples } from '../data/dataSet.ts';
import { FITS, type Fit } from '../data/decode.ts';
import { checkWritable, writeFileAtomic } from '../data/files.ts';
import { loadModel } from '../data/modelFiles.ts';
import { EXIT, UsageError } from './errors.ts';
import { Output, percent } from './output.ts';
import { loadSource } from './sources.ts';

export const EVAL_USAGE = `whisker eval <model.safetensors> <folder | files.h5> [--csv probabilities.csv] [--fit stretch] [--json]
  Evaluates on the folder's test/ split when it has one, otherwise on every image in its class folders.`;

export async function evalCommand(args: string[], output: Output, signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      csv: { type: 'string' },
      fit: { type: 'string', default: 'stretch' },
      json: { type: 'boolean', default: false },
    },
  });
  const [modelFile, ...sources] = positionals;
  if (!modelFile || sources.length === 0)
    throw new UsageError('give a model file and a folder (or .h5 files)');
  if (!FITS.includes(values.fit as Fit)) throw new UsageError(`--fit must be one of ${FITS.join(', ')}`);
  if (values.csv) await checkWritable(values.csv);
  const model = await loadModel(modelFile);
  const { width, height } = model.info.input;
  const dataSet = await loadSource(sources, {
    decode: { width, height, fit: values.fit as Fit },
    split: { testFraction: 0, validationFraction: 0, seed: 1 },
    classes: model.info.classes,
    signal,
    onProgress: (p) => output.importProgress(p),
  });
  output.clearBar();
  if (dataSet.classes.join('\n') !== model.info.classes.join('\n')) {
    throw new Error(
      `the data's classes ${JSON.stringify(dataSet.classes)} are not the model's ${JSON.stringify(model.info.classes)}`,
    );
  }
  for (const s of dataSet.skipped) output.note(`skipped ${s.file}: ${s.reason}`);
  const images = dataSet.test ?? dataSet.train;
  const split = dataSet.test ? 'test' : 'all';
  const network = networkFromModel(model, defaultKernel());
  const result = evaluate(network, toExamples(images, width, height), model.info.classes.length);
  network.dispose();
  const confusion = confusionMatrix(images.labels, result.predictions, model.info.classes.length);
  const scores = precisionRecall(confusion);

  output.record({
    type: 'evaluation',
    images: images.labels.length,
    split,
    accuracy: result.accuracy,
    loss: result.loss,
    classes: model.info.classes,
    confusion,
    perClass: scores,
  });
  output.line(
    `Accuracy ${percent(result.accuracy)} on ${images.labels.length} images (${split}), cost ${result.loss.toFixed(6)}`,
  );
  const names = model.info.classes;
  const width0 = Math.max(12, ...names.map((n) => n.length));
  output.line(
    `${'actual \\ predicted'.padEnd(width0 + 2)}${names.map((n) => n.padStart(Math.max(8, n.length + 2))).join('')}`,
  );
  confusion.forEach((row, c) =>
    output.line(
      `${names[c]!.padEnd(width0 + 2)}${row.map((v, p) => String(v).padStart(Math.max(8, names[p]!.length + 2))).join('')}`,
    ),
  );
  scores.forEach((s, c) =>
    output.line(
      `${names[c]}: precision ${Number.isNaN(s.precision) ? '–' : percent(s.precision)}, recall ${Number.isNaN(s.recall) ? '–' : percent(s.recall)} (${s.support} images)`,
    ),
  );
  if (values.csv) {
    const header = ['file', 'label', 'predicted', ...names.map((n) => `p(${n})`)];
    const rows = images.files.map((file, i) => [
      file,
      names[images.labels[i]!]!,
      names[result.predictions[i]!]!,
      ...Array.from(result.probabilities.subarray(i * names.length, (i + 1) * names.length), (p) =>
        p.toFixed(6),
      ),
    ]);
    await writeFileAtomic(values.csv, csvTable([header, ...rows]));
    output.line(`Per-image probabilities written to ${values.csv}`);
  }
  return EXIT.ok;
}
