import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { AppEvent, DataSetSummary, RunRecord } from '../../src/api/contract.ts';
import { LESSONS } from '../../src/core/lessons.ts';
import { app } from '../../src/renderer/src/state/app.svelte.ts';
import { runMonitor } from '../../src/renderer/src/state/runMonitor.svelte.ts';
import { epochPoint } from '../helpers/points.ts';

// the charts are another test's subject: here they draw nothing
vi.mock('uplot', () => ({
  default: class {
    data = [[]];
    cursor = { left: -1 };
    setData() {}
    setLegend() {}
    setSize() {}
    destroy() {}
  },
}));
// jsdom does not lay pages out: where the Lab scrolls to is recorded instead
const scrolledTo: Element[] = [];
Element.prototype.scrollIntoView = function (this: Element) {
  scrolledTo.push(this);
};
const { default: LabView } = await import('../../src/renderer/src/components/LabView.svelte');

const sample: DataSetSummary = {
  id: 1,
  source: 'sample data',
  classes: ['circle', 'square', 'triangle'],
  width: 64,
  height: 64,
  input: { width: 64, height: 64, fit: 'stretch' },
  splitBy: 'random',
  counts: ['circle', 'square', 'triangle'].map((name) => ({ name, train: 48, validation: 0, test: 12 })),
  warnings: [],
  skipped: [],
  duplicates: [],
  nearDuplicates: [],
};

const requests: { method: string; params: Record<string, unknown> }[] = [];
let history: RunRecord[] = [];
window.whisker = {
  request: async (method: string, params: Record<string, unknown>) => {
    requests.push({ method, params });
    if (method === 'listRuns') return { runs: history, damaged: [] };
    if (method === 'startExperiment') return { queued: 3, baseline: 'queued' };
    return {};
  },
  onEvent: () => () => {},
} as unknown as NonNullable<typeof window.whisker>;

describe('the Lab', () => {
  it('starts a lesson with its own settings, named after the lesson, the data set and the time, and says what it will cost', async () => {
    app.dataSet = sample;
    render(LabView);
    expect(screen.getAllByTestId('lesson-duration')[3]!.textContent).toMatch(
      /^3 runs, 4,500 updates in all \(epochs × ⌈m\/B⌉ each\), /,
    );
    await fireEvent.click(screen.getByRole('button', { name: 'Run the depth lesson' }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    const started = requests.find((r) => r.method === 'startExperiment')!;
    expect(started.params['name']).toMatch(/^Depth · sample data · \d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(started.params['runs']).toEqual(LESSONS.find((l) => l.id === 'depth')!.runs(sample));
    expect(started.params['baseline']).toBe(true);
    // the experiment comes into view, where its charts will be drawn
    expect(scrolledTo.at(-1)).toBe(screen.getByRole('region', { name: 'Compare runs' }));
    // while the experiment's baseline trains, the Lab says why it trains
    runMonitor.apply({
      type: 'runStarted',
      run: {
        id: 'b',
        name: 'logistic regression',
        baseline: true,
        setup: LESSONS.find((l) => l.id === 'depth')!.runs(sample)[0]!.setup,
      } as RunRecord,
      waiting: 3,
    } as AppEvent);
    expect(await screen.findByText(/A logistic regression with the same settings trains first/)).toBeTruthy();
    expect(screen.getByTestId('lab-status').textContent).toMatch(
      /Training logistic regression: .*3 more runs waiting/,
    );
  });

  it('says after the runs of a lesson what happened and why', async () => {
    const experiment = 'Depth · sample data · 2026-11-27 14:05';
    const [one, , five] = LESSONS.find((l) => l.id === 'depth')!.runs(sample);
    const finished = (id: string, setup: RunRecord['setup'], losses: number[], gradient: number) =>
      ({
        id,
        name: id,
        startedAt: '2026-11-27T14:05:00.000Z',
        status: 'completed',
        explanation: null,
        keptEpoch: null,
        setup,
        architecture: '',
        dataSet: 'sample data',
        dataSetHash: 'a',
        curve: losses.map((trainLoss, i) =>
          epochPoint({ epoch: i + 1, trainLoss, gradientNorms: [gradient * 10, 1], batchesPerEpoch: 1 }),
        ),
        metrics: {},
        findings: [],
        experiment,
        baseline: false,
      }) as RunRecord;
    history = [
      finished('one', one!.setup, [1.3, 0.3], 1e-2),
      finished('five', five!.setup, [1.2, 1.15], 2e-5),
    ];
    render(LabView);
    const select = await screen.findByRole('combobox', { name: 'Show experiment' });
    const option = await screen.findByRole('option', { name: experiment });
    await fireEvent.change(select, { target: { value: (option as HTMLOptionElement).value } });
    const said = await screen.findByRole('region', { name: 'What the lesson showed' });
    expect(said.textContent).toMatch(
      /the first layer's gradient per weight was 1\.0e-2 with 1 layer and 2\.0e-5 with 5 layers/,
    );
  });
});
