import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { RunRecord, RunSetup } from '../../src/api/contract.ts';
import FindingsPanel from '../../src/renderer/src/components/FindingsPanel.svelte';
import { preset } from '../../src/core/presets.ts';
import { runMonitor } from '../../src/renderer/src/state/runMonitor.svelte.ts';
import { setupEditor } from '../../src/renderer/src/lib/setup.svelte.ts';

const requests: { method: string; params: unknown }[] = [];
window.whisker = {
  request: async (method: string, params: unknown) => {
    requests.push({ method, params });
    return { runId: 'next', baseline: 'reused' };
  },
  onEvent: () => () => {},
} as unknown as NonNullable<typeof window.whisker>;

const setup: RunSetup = {
  ...preset('Course: 2-layer'),
  hidden: [{ units: 8, activation: 'sigmoid' }],
  initializer: 'xavierNormal',
  learningRate: 10,
  batchSize: 32,
  epochs: 20,
};

describe('the findings of a run', () => {
  it('say what went wrong and start the fixed run in one click, with the editor showing its settings', async () => {
    runMonitor.run = { id: 'r1', setup } as RunRecord;
    runMonitor.findings = [
      {
        kind: 'saturated',
        symptom: 'stalled',
        title: "90% of layer 1's sigmoid units are saturated",
        explanation: 'Since epoch 7 the loss has stayed near 0.693. When |z| is large, sigmoid is flat.',
        fix: {
          label: 'Start again with ReLU and He initialisation',
          change: { activation: 'relu', initializer: 'he' },
        },
        since: 7,
      },
    ];
    render(FindingsPanel);
    expect(screen.getByRole('region', { name: 'What the diagnostics see' }).textContent).toContain(
      'Since epoch 7 the loss has stayed near 0.693.',
    );
    await fireEvent.click(
      screen.getByRole('button', { name: 'Start again with ReLU and He initialisation' }),
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(requests).toEqual([
      {
        method: 'startTraining',
        params: {
          setup: { ...setup, hidden: [{ units: 8, activation: 'relu' }], initializer: 'he' },
          baseline: true,
        },
      },
    ]);
    expect(setupEditor.setup.initializer).toBe('he');
    expect(setupEditor.setup.hidden[0]).toMatchObject({ activation: 'relu' });
    runMonitor.run = null;
    runMonitor.findings = [];
  });
});
