/**
 * Which cells of a long grid to draw: only the rows in view and a few
 * around them, however many items there are. Pure arithmetic, so the
 * component stays small and this is tested without a browser.
 */
export interface GridGeometry {
  readonly count: number;
  /** the scroll container's inner width and height, pixels */
  readonly width: number;
  readonly height: number;
  readonly scrollTop: number;
  /** a cell's side and the gap between cells, pixels */
  readonly cell: number;
  readonly gap: number;
  /** rows drawn beyond each edge of the view */
  readonly overscan: number;
}

export interface GridWindow {
  readonly columns: number;
  readonly rowHeight: number;
  /** the height of the whole grid, so the scroll bar is true */
  readonly totalHeight: number;
  /** items [first, end) are drawn, starting offsetY pixels from the top */
  readonly first: number;
  readonly end: number;
  readonly offsetY: number;
}

export function columnsFor(width: number, cell: number, gap: number): number {
  return Math.max(1, Math.floor((width + gap) / (cell + gap)));
}

export function gridWindow(g: GridGeometry): GridWindow {
  const columns = columnsFor(g.width, g.cell, g.gap);
  const rowHeight = g.cell + g.gap;
  const rows = Math.ceil(g.count / columns);
  const firstRow = Math.max(0, Math.min(rows, Math.floor(g.scrollTop / rowHeight) - g.overscan));
  const endRow = Math.min(rows, Math.ceil((g.scrollTop + g.height) / rowHeight) + g.overscan);
  const first = Math.min(g.count, firstRow * columns);
  return {
    columns,
    rowHeight,
    totalHeight: rows * rowHeight,
    first,
    end: Math.max(first, Math.min(g.count, endRow * columns)),
    offsetY: firstRow * rowHeight,
  };
}

/** The scroll position that brings item `index` into view, moving as little as possible. */
export function scrollToShow(index: number, g: Omit<GridGeometry, 'count' | 'overscan'>): number {
  const columns = columnsFor(g.width, g.cell, g.gap);
  const rowHeight = g.cell + g.gap;
  const top = Math.floor(index / columns) * rowHeight;
  if (top < g.scrollTop) return top;
  if (top + rowHeight > g.scrollTop + g.height) return top + rowHeight - g.height;
  return g.scrollTop;
}

/** Arrow keys, Home/End and Page Up/Down in a grid: the index the focus moves to, or null. */
export function moveFocus(index: number, key: string, count: number, columns: number, rowsInView: number) {
  const step: Record<string, number> = {
    ArrowLeft: -1,
    ArrowRight: 1,
    ArrowUp: -columns,
    ArrowDown: columns,
    PageUp: -columns * rowsInView,
    PageDown: columns * rowsInView,
    Home: -Infinity,
    End: Infinity,
  };
  if (!(key in step) || count === 0) return null;
  return Math.max(0, Math.min(count - 1, index + step[key]!));
}
