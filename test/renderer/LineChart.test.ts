import { render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import type { Columns } from '../../src/renderer/src/lib/chartData.ts';

const made = vi.hoisted(() => ({
  charts: 0,
  setData: 0,
  destroyed: 0,
  axes: [] as unknown[],
  series: [] as unknown[],
  legendAt: null as number | null,
}));
vi.mock('uplot', () => ({
  default: class {
    data: unknown[][];
    cursor = { left: -1 };
    // a plotting area 300 × 150 px, 40 px from the left and 10 from the top; x in pixels is 10·x
    over = { offsetLeft: 40, offsetTop: 10, clientWidth: 300, clientHeight: 150 };
    private readonly drawn: ((chart: unknown) => void)[];
    constructor(
      options: { axes: unknown[]; series: unknown[]; hooks?: { draw?: ((chart: unknown) => void)[] } },
      data: unknown[][],
    ) {
      made.charts += 1;
      made.axes = options.axes;
      made.series = options.series;
      this.data = data;
      this.drawn = options.hooks?.draw ?? [];
      for (const hook of this.drawn) hook(this);
    }
    valToPos(value: number) {
      return value * 10;
    }
    setData(data: unknown[][]) {
      made.setData += 1;
      made.legendAt = null;
      this.data = data;
      for (const hook of this.drawn) hook(this);
    }
    setLegend({ idx }: { idx: number }) {
      made.legendAt = idx;
    }
    destroy() {
      made.destroyed += 1;
    }
  },
}));

const { default: LineChart } = await import('../../src/renderer/src/components/LineChart.svelte');
const { theme } = await import('../../src/renderer/src/lib/theme.svelte.ts');

describe('a live chart', () => {
  it('is made once and redrawn at a bounded rate as points arrive, and made again only when the theme changes', async () => {
    vi.useFakeTimers();
    const props = { title: 'Loss', names: ['train'], xLabel: 'epoch', columns: [[1], [0.7]] as Columns };
    const chart = render(LineChart, props);
    for (let epoch = 2; epoch <= 50; epoch++) {
      await chart.rerender({
        ...props,
        columns: [Array.from({ length: epoch }, (_, i) => i + 1), Array(epoch).fill(0.5)],
      });
    }
    await vi.advanceTimersByTimeAsync(1000);
    expect(made.charts).toBe(1);
    // 50 updates within a second of fake time: at most 10 redraws a second, and the last one drawn
    expect(made.setData).toBeGreaterThanOrEqual(1);
    expect(made.setData).toBeLessThanOrEqual(11);
    expect(screen.getByRole('img').getAttribute('aria-label')).toMatch(/^Loss at 50(\.00)?: train 0\.5/);

    theme.dark = !theme.dark;
    await tick();
    expect(made.charts).toBe(2);
    expect(made.destroyed).toBe(1);
    expect(made.axes[0]).toMatchObject({ stroke: theme.chart.text, label: 'epoch' });
    theme.dark = !theme.dark;
    vi.useRealTimers();
  });

  it('shows the latest values in its legend, not dashes, while the cursor is away', async () => {
    vi.useFakeTimers();
    const props = {
      title: 'Loss',
      names: ['train'],
      xLabel: 'epoch',
      columns: [
        [1, 2],
        [0.7, 0.6],
      ] as Columns,
    };
    const chart = render(LineChart, props);
    expect(made.legendAt).toBe(1);
    await chart.rerender({
      ...props,
      columns: [
        [1, 2, 3],
        [0.7, 0.6, 0.5],
      ],
    });
    await vi.advanceTimersByTimeAsync(200);
    expect(made.legendAt).toBe(2);
    vi.useRealTimers();
  });

  it('draws the reference line (the baseline) quiet and dashed, and only that one', () => {
    render(LineChart, {
      title: 'Loss',
      names: ['train', 'validation', 'logistic regression'],
      xLabel: 'epoch',
      columns: [[1], [0.7], [0.8], [0.9]] as Columns,
      reference: true,
    });
    expect(made.series.map((s) => (s as { dash?: number[] }).dash ?? null)).toEqual([
      null,
      null,
      null,
      [5, 4],
    ]);
    const widths = made.series.slice(1).map((s) => (s as { width: number }).width);
    expect(widths[2]).toBeLessThan(widths[0]!);
  });

  it('marks an x with a vertical line and its label, moved with it, and says so in its text', async () => {
    const props = {
      title: 'Loss per epoch',
      names: ['train', 'validation'],
      xLabel: 'epoch',
      columns: [
        [1, 2, 3],
        [0.7, 0.6, 0.5],
        [0.8, 0.7, 0.75],
      ] as Columns,
    };
    const chart = render(LineChart, { ...props, marker: { x: 2, label: 'best: epoch 2' } });
    const marker = screen.getByTestId('chart-marker');
    expect(marker.textContent?.trim()).toBe('best: epoch 2');
    expect(marker.style.left).toBe('60px');
    expect(marker.style.top).toBe('10px');
    expect(marker.style.height).toBe('150px');
    expect(screen.getByRole('img').getAttribute('aria-label')).toMatch(/Marked: best: epoch 2\.$/);

    // past the middle of the chart, its label goes on the line's left
    await chart.rerender({ ...props, marker: { x: 27, label: 'best: epoch 27' } });
    expect(screen.getByTestId('chart-marker').style.left).toBe('310px');
    expect(screen.getByText('best: epoch 27').classList.contains('left')).toBe(true);

    await chart.rerender({ ...props, marker: null });
    expect(screen.queryByTestId('chart-marker')).toBeNull();
    expect(screen.getByRole('img').getAttribute('aria-label')).not.toMatch(/Marked/);
  });
});
