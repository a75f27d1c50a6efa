import { beforeAll, describe, expect, it } from 'vitest';
import type { DataSet } from '../../src/data/dataSet.ts';
import { generateSampleData } from '../../src/data/sample.ts';
import { LESSONS } from '../../src/core/lessons.ts';
import { outcomeOf } from '../../src/core/outcomes.ts';
import { catvnoncatAvailable, loadCatvnoncat } from '../helpers/catvnoncat.ts';
import { trainLesson } from '../helpers/lessonRuns.ts';

const lesson = (id: string) => LESSONS.find((l) => l.id === id)!;

/** Each lesson's point, shown by its runs on a data set, and said by its explanation and by the diagnostics. */
function lessonsShowTheirPoint(name: string, load: () => Promise<DataSet>) {
  let dataSet: DataSet;
  beforeAll(async () => {
    dataSet = await load();
  }, 60_000);
  const learned = (records: ReturnType<typeof trainLesson>['records'], name: string) =>
    outcomeOf(records.find((r) => r.name === name)!)!;

  it(`initialisation on ${name}: He, LeCun and Xavier/Glorot learn, 0.01·randn vanishes, randn·1 explodes`, () => {
    const { records, findings } = trainLesson(lesson('initialisation'), dataSet, name);
    for (const run of ['He', 'LeCun', 'Xavier/Glorot']) {
      expect(learned(records, run).learned).toBe(true);
      expect(findings[run]).toEqual([]);
    }
    expect(learned(records, '0.01·randn').learned).toBe(false);
    expect(learned(records, 'randn·1').diverged).toBe(true);
    expect(findings['0.01·randn']![0]!.kind).toBe('vanishing');
    expect(findings['randn·1']![0]).toMatchObject({ symptom: 'diverged', kind: 'exploding' });
    const said = lesson('initialisation').explain(records).join(' ');
    expect(said).toMatch(/0\.01·randn barely moved.* so both vanish\./);
    expect(said).toMatch(
      /randn·1 started at a training loss of [\d,]+ .* and diverged in epoch \d+: .* explode\./,
    );
  }, 300_000);

  it(`activations on ${name}: ReLU and tanh learn, sigmoid's gradients vanish`, () => {
    const { records, findings } = trainLesson(lesson('activations'), dataSet, name);
    expect(learned(records, 'ReLU').learned).toBe(true);
    expect(learned(records, 'tanh').learned).toBe(true);
    expect(learned(records, 'sigmoid').learned).toBe(false);
    expect(findings['sigmoid']![0]!.kind).toBe('vanishing');
    const said = lesson('activations').explain(records);
    expect(said[0]).toMatch(/tanh brought its training loss from/);
    expect(said.find((s) => s.startsWith("sigmoid's first layer"))).toMatch(/the gradient vanishes/);
    expect(said.find((s) => s.startsWith("tanh's first layer"))).not.toMatch(/vanish/);
  }, 300_000);

  it(`depth on ${name}: the first layer's gradient shrinks with every sigmoid layer, and the deepest network does not learn`, () => {
    const { records } = trainLesson(lesson('depth'), dataSet, name);
    const gradients = records.map((r) => outcomeOf(r)!.gradients[0]!);
    expect(gradients[0]).toBeGreaterThan(gradients[1]!);
    expect(gradients[1]).toBeGreaterThan(gradients[2]!);
    expect(learned(records, '1 sigmoid layer').learned).toBe(true);
    expect(learned(records, '5 sigmoid layers').learned).toBe(false);
    expect(lesson('depth').explain(records).join(' ')).toMatch(
      /Each extra layer multiplied it by about 0\.\d: .* The deeper the network, the less its first layers learned/,
    );
  }, 300_000);

  it(`batch size on ${name}: updates = epochs × ⌈m/B⌉, and with as many epochs more updates go further`, () => {
    const { records } = trainLesson(lesson('batchSize'), dataSet, name);
    const m = records[2]!.curve[0]!.batchesPerEpoch === 1 ? dataSet.train.labels.length : NaN;
    expect(records.map((r) => outcomeOf(r)!.updates)).toEqual([30 * m, 30 * Math.ceil(m / 32), 30]);
    const losses = records.map((r) => outcomeOf(r)!.last);
    expect(losses[0]).toBeLessThan(losses[1]!);
    expect(losses[1]).toBeLessThan(losses[2]!);
    expect(lesson('batchSize').explain(records).join(' ')).toMatch(/made more updates went further/);
  }, 300_000);
}

describe('the lessons on the sample data', () => {
  lessonsShowTheirPoint('sample data', () => generateSampleData());
});

describe.skipIf(!catvnoncatAvailable)("the lessons on the course's cat data", () => {
  lessonsShowTheirPoint('cat data', loadCatvnoncat);
});
