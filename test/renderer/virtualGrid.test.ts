import { describe, expect, it } from 'vitest';
import { columnsFor, gridWindow, moveFocus, scrollToShow } from '../../src/renderer/src/lib/virtualGrid.ts';

const geometry = { width: 800, height: 600, cell: 72, gap: 6, overscan: 2 };

describe('the virtual grid draws only the rows in view', () => {
  it('fits as many columns as the width holds, and at least one', () => {
    expect(columnsFor(800, 72, 6)).toBe(10);
    expect(columnsFor(774, 72, 6)).toBe(10);
    expect(columnsFor(773, 72, 6)).toBe(9);
    expect(columnsFor(10, 72, 6)).toBe(1);
  });

  it('draws the rows in view and two beyond, however many items there are', () => {
    const top = gridWindow({ ...geometry, count: 10_000, scrollTop: 0 });
    expect(top).toEqual({ columns: 10, rowHeight: 78, totalHeight: 78_000, first: 0, end: 100, offsetY: 0 });
    const middle = gridWindow({ ...geometry, count: 10_000, scrollTop: 500 * 78 + 10 });
    expect(middle.first).toBe(498 * 10);
    expect(middle.offsetY).toBe(498 * 78);
    expect(middle.end - middle.first).toBeLessThanOrEqual(13 * 10);
  });

  it('stops at the last item, and draws nothing for an empty list', () => {
    const bottom = gridWindow({ ...geometry, count: 10_005, scrollTop: 78_000 });
    expect(bottom.end).toBe(10_005);
    expect(bottom.totalHeight).toBe(1001 * 78);
    expect(gridWindow({ ...geometry, count: 0, scrollTop: 0 })).toMatchObject({
      first: 0,
      end: 0,
      totalHeight: 0,
    });
    // scrolled past the end (the list shrank under a new filter): still a valid, empty window
    const shrunk = gridWindow({ ...geometry, count: 25, scrollTop: 50_000 });
    expect(shrunk.first).toBeLessThanOrEqual(shrunk.end);
    expect(shrunk.end).toBeLessThanOrEqual(25);
  });

  it('scrolls as little as it must to show an item', () => {
    const view = { width: 800, height: 600, cell: 72, gap: 6 };
    expect(scrollToShow(5, { ...view, scrollTop: 0 })).toBe(0);
    expect(scrollToShow(95, { ...view, scrollTop: 0 })).toBe(10 * 78 - 600);
    expect(scrollToShow(5, { ...view, scrollTop: 400 })).toBe(0);
  });

  it('moves the focus by cell, row and page, and stays inside the list', () => {
    expect(moveFocus(0, 'ArrowRight', 100, 10, 7)).toBe(1);
    expect(moveFocus(0, 'ArrowLeft', 100, 10, 7)).toBe(0);
    expect(moveFocus(3, 'ArrowDown', 100, 10, 7)).toBe(13);
    expect(moveFocus(95, 'ArrowDown', 100, 10, 7)).toBe(99);
    expect(moveFocus(3, 'PageDown', 100, 10, 7)).toBe(73);
    expect(moveFocus(50, 'Home', 100, 10, 7)).toBe(0);
    expect(moveFocus(50, 'End', 100, 10, 7)).toBe(99);
    expect(moveFocus(50, 'a', 100, 10, 7)).toBeNull();
    expect(moveFocus(0, 'ArrowDown', 0, 10, 7)).toBeNull();
  });
});
