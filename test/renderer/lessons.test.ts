import { describe, expect, it } from 'vitest';
import type { RunRecord, RunSetup } from '../../src/api/contract.ts';
import { differingSettings } from '../../src/renderer/src/lib/experiments.ts';
import { aboutSeconds } from '../../src/core/runCost.ts';
import {
  describeDuration,
  experimentName,
  LESSON_LEARNING_RATE,
  LESSONS,
  lessonOf,
  planLesson,
  type LessonData,
} from '../../src/core/lessons.ts';
import { epochPoint } from '../helpers/points.ts';

/** The sample data as the backend summarises it: 64×64, three classes of 48 training images. */
const sample: LessonData = {
  source: 'sample data',
  input: { width: 64, height: 64, fit: 'stretch' },
  classes: ['circle', 'square', 'triangle'],
  counts: [48, 48, 48].map((train) => ({ train, validation: 0 })),
};
const cats: LessonData = {
  source: 'catvnoncat',
  input: { width: 64, height: 64, fit: 'stretch' },
  classes: ['non-cat', 'cat'],
  counts: [
    { train: 137, validation: 0 },
    { train: 72, validation: 0 },
  ],
};
const lesson = (id: string) => LESSONS.find((l) => l.id === id)!;
const record = (setup: RunSetup) => ({ setup }) as RunRecord;

describe('the lessons', () => {
  it('have settings of their own: plain gradient descent at the course rate from seed 1, on the data set as it was read', () => {
    for (const data of [sample, cats])
      for (const { runs } of LESSONS)
        for (const { setup } of runs(data)) {
          expect(setup).toMatchObject({
            optimizer: 'gradientDescent',
            learningRate: LESSON_LEARNING_RATE,
            learningRateDecay: 0,
            l2: 0,
            trainingSeed: 1,
            splitSeed: 1,
            input: data.input,
            classOrder: data.classes,
          });
        }
  });

  it('vary one thing each, and name their runs apart', () => {
    const varied = (id: string) =>
      differingSettings(
        lesson(id)
          .runs(sample)
          .map((r) => record(r.setup)),
      ).map((s) => s.name);
    expect(varied('initialisation')).toEqual(['initialiser']);
    expect(varied('activations')).toEqual(['hidden layers', 'initialiser']);
    expect(varied('depth')).toEqual(['hidden layers']);
    expect(varied('batchSize')).toEqual(['batch size']);
    for (const { runs } of LESSONS) {
      const names = runs(sample).map((r) => r.name);
      expect(new Set(names).size).toBe(names.length);
    }
  });

  it('compare He, LeCun and Xavier/Glorot with 0.01·randn and randn·1', () => {
    expect(
      lesson('initialisation')
        .runs(sample)
        .map((r) => [r.name, r.setup.initializer]),
    ).toEqual([
      ['He', 'he'],
      ['LeCun', 'lecun'],
      ['Xavier/Glorot', 'xavierNormal'],
      ['0.01·randn', 'smallRandom'],
      ['randn·1', 'standardNormal'],
    ]);
  });

  it('say how many updates they make, epochs × ⌈m/B⌉, and about how long they take', () => {
    const plan = planLesson(lesson('batchSize'), sample);
    expect(plan.runs.map((r) => r.cost.updates)).toEqual([30 * 144, 30 * 5, 30]);
    expect(plan.updates).toBe(4500);
    expect(describeDuration(plan)).toMatch(/^3 runs, 4,500 updates in all \(epochs × ⌈m\/B⌉ each\), /);
    expect(planLesson(lesson('initialisation'), cats).updates).toBe(5 * 600);
    for (const l of LESSONS) expect(planLesson(l, cats).seconds).toBeLessThan(120);
    expect([aboutSeconds(4), aboutSeconds(14.2), aboutSeconds(130), aboutSeconds(5400)]).toEqual([
      'a few seconds',
      'about 15 s',
      'about 2 min',
      'about 1.5 h',
    ]);
  });

  it('name their experiment after the lesson, the data set and when it started, and are found by it', () => {
    const name = experimentName(lesson('depth'), sample, new Date(2026, 10, 27, 14, 5));
    expect(name).toBe('Depth · sample data · 2026-11-27 14:05');
    expect(lessonOf(name)?.id).toBe('depth');
    expect(lessonOf('My experiment')).toBeUndefined();
  });
});

/** A finished run of a lesson from its losses, and its gradient per weight at the first epoch. */
function finished(
  setup: RunSetup,
  losses: number[],
  gradients: number[],
  status: RunRecord['status'] = 'completed',
) {
  return {
    setup,
    status,
    curve: losses.map((trainLoss, i) =>
      epochPoint({
        epoch: i + 1,
        trainLoss,
        trainAccuracy: trainLoss < 0.5 ? 0.95 : 0.4,
        gradientNorms: gradients.map((g) => g * 10),
      }),
    ),
  } as RunRecord;
}

describe('what a lesson says after its runs', () => {
  const [relu, tanh, sigmoid] = lesson('activations').runs(sample);

  it('says what happened, whichever way it went: here tanh does not learn and sigmoid does', () => {
    const said = lesson('activations').explain([
      finished(relu!.setup, [1.1, 0.5, 0.01], [0.03, 0.1]),
      finished(tanh!.setup, [1.1, 1.1, 1.09], [1e-5, 0.1]),
      finished(sigmoid!.setup, [1.1, 0.6, 0.2], [0.02, 0.1]),
    ]);
    expect(said[0]).toBe(
      'ReLU brought its training loss from 1.1 to 0.010 (95% training accuracy), tanh barely moved: its training loss went ' +
        'from 1.1 to 1.1 and sigmoid brought its training loss from 1.1 to 0.20 (95% training accuracy).',
    );
    expect(said.find((s) => s.startsWith("tanh's"))).toMatch(
      /1\.0e-4 times its output layer's: .* the gradient vanishes/,
    );
    expect(said.find((s) => s.startsWith("sigmoid's"))).not.toMatch(/vanish/);
  });

  it('leaves out what it cannot know: a lesson with runs missing or stopped', () => {
    expect(lesson('initialisation').explain([])).toEqual([]);
    const [he] = lesson('initialisation').runs(sample);
    expect(
      lesson('initialisation').explain([finished(he!.setup, [1.4, 1.0], [0.05, 0.2], 'stopped')]),
    ).toEqual([
      "He normal (the lecture notes' “Simple”) brought its training loss from 1.4 to 1.0 (40% training accuracy) before it was stopped after epoch 2.",
    ]);
  });
});
