/** whisker predict <model.safetensors> <image>... [--json] */
import { parseArgs } from 'node:util';
import { evaluate } from '../core/metrics.ts';
import { networkFromModel } from '../core/model.ts';
import { decodeImage, FITS, type Fit } from '../data/decode.ts';
import { ImageError } from '../data/imageFile.ts';
import { loadModel } from '../data/modelFiles.ts';
import { EXIT, UsageError } from './errors.ts';
import { Output, percent } from './output.ts';

export const PREDICT_USAGE = 'whisker predict <model.safetensors> <image>... [--fit stretch] [--json]';

export async function predictCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { fit: { type: 'string', default: 'stretch' }, json: { type: 'boolean', default: false } },
  });
  const [modelFile, ...images] = positionals;
  if (!modelFile || images.length === 0) throw new UsageError('give a model file and at least one image');
  if (!FITS.includes(values.fit as Fit)) throw new UsageError(`--fit must be one of ${FITS.join(', ')}`);
  const model = await loadModel(modelFile);
  const { width, height, scale } = model.info.input;
  const classes = model.info.classes;
  const network = networkFromModel(model);
  const inputSize = width * height * 3;
  let failures = 0;
  try {
    for (const file of images) {
      let pixels: Uint8Array;
      try {
        pixels = await decodeImage(file, { width, height, fit: values.fit as Fit });
      } catch (error) {
        failures++;
        const reason = error instanceof ImageError ? error.reason : (error as Error).message;
        output.record({ type: 'error', file, reason });
        output.note(`${file}: ${reason}`);
        continue;
      }
      const examples = { inputs: pixels, labels: new Uint16Array(1), count: 1, inputSize, scale };
      const { probabilities } = evaluate(network, examples, classes.length);
      const ranked = classes
        .map((name, c) => ({ name, probability: probabilities[c]! }))
        .sort((x, y) => y.probability - x.probability);
      output.record({
        type: 'prediction',
        file,
        predicted: ranked[0]!.name,
        probabilities: Object.fromEntries(classes.map((n, c) => [n, probabilities[c]])),
      });
      output.line(`${file}: ${ranked.map((r) => `${r.name} ${percent(r.probability)}`).join(', ')}`);
    }
  } finally {
    network.dispose();
  }
  return failures > 0 ? EXIT.failed : EXIT.ok;
}
