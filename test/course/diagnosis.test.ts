import { beforeAll, describe, expect, it } from 'vitest';
import { preset } from '../../src/core/presets.ts';
import type { DataSet } from '../../src/data/dataSet.ts';
import { catvnoncatAvailable, loadCatvnoncat } from '../helpers/catvnoncat.ts';
import type { CoursePreset } from '../helpers/course.ts';
import { diagnosedRun } from '../helpers/diagnosedRun.ts';

const presets: CoursePreset[] = ['Course: logistic regression', 'Course: 2-layer', 'Course: 4-layer'];

describe.skipIf(!catvnoncatAvailable)("the diagnostics on the course's own networks", () => {
  let cats: DataSet;
  beforeAll(async () => {
    cats = await loadCatvnoncat();
  }, 60_000);

  // the 2-layer and 4-layer networks predict "non-cat" for hundreds of epochs, the loss falling slowly, before they learn
  it.each(presets)(
    'find nothing in "%s", at any epoch or at the end',
    (name) => {
      const run = diagnosedRun(cats, preset(name), 10);
      expect(run.curve.at(-1)!.trainAccuracy).toBeGreaterThan(0.95);
      expect(run.seen).toEqual([]);
    },
    600_000,
  );
});
