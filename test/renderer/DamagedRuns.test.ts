import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import DamagedRuns from '../../src/renderer/src/components/DamagedRuns.svelte';

describe('damaged run records', () => {
  it('are listed with the reason each cannot be read, and can be deleted', async () => {
    const deleted: string[] = [];
    render(DamagedRuns, {
      records: [{ id: 'r7', reason: 'startedAt: Invalid input <b>bold</b>' }],
      onDelete: (id: string) => deleted.push(id),
    });
    expect(screen.getByRole('heading', { name: 'Damaged run records' })).toBeTruthy();
    expect(screen.getByRole('listitem').textContent).toMatch(/r7: startedAt: Invalid input <b>bold<\/b>/);
    await fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(deleted).toEqual(['r7']);
  });

  it('show nothing when every record is sound', () => {
    const { container } = render(DamagedRuns, { records: [], onDelete: () => {} });
    expect(container.textContent?.trim()).toBe('');
  });
});
