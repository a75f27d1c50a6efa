/**
 * First-fit allocation of byte ranges in a growable memory, with freed
 * ranges merged with their neighbours. Every range starts on a 64-byte
 * boundary (a cache line) so that vector loads never straddle two lines
 * at a row's start.
 */
const ALIGN = 64;

interface Range {
  start: number;
  size: number;
}

export class Heap {
  /** free ranges, sorted by start */
  private readonly free: Range[] = [];
  private readonly used = new Map<number, number>();
  private end: number;

  /**
   * @param base first usable byte
   * @param grow called with the number of bytes needed beyond `end`; returns the new end
   */
  constructor(
    base: number,
    end: number,
    private readonly grow: (bytes: number) => number,
  ) {
    const start = align(base);
    this.end = end;
    if (end > start) this.free.push({ start, size: end - start });
  }

  /** Start of a fresh range of at least `bytes` bytes. */
  allocate(bytes: number): number {
    const size = align(Math.max(bytes, 1));
    let index = this.free.findIndex((range) => range.size >= size);
    if (index === -1) {
      const last = this.free.at(-1);
      const tail = last !== undefined && last.start + last.size === this.end ? last.size : 0;
      const oldEnd = this.end;
      this.end = this.grow(size - tail);
      this.insertFree(oldEnd, this.end - oldEnd);
      index = this.free.findIndex((range) => range.size >= size);
    }
    const range = this.free[index]!;
    const start = range.start;
    if (range.size === size) this.free.splice(index, 1);
    else {
      range.start += size;
      range.size -= size;
    }
    this.used.set(start, size);
    return start;
  }

  release(start: number): void {
    const size = this.used.get(start);
    if (size === undefined) throw new Error(`release: no allocation starts at byte ${start}`);
    this.used.delete(start);
    this.insertFree(start, size);
  }

  /** Bytes currently handed out. */
  get allocatedBytes(): number {
    let total = 0;
    for (const size of this.used.values()) total += size;
    return total;
  }

  private insertFree(start: number, size: number): void {
    let i = 0;
    while (i < this.free.length && this.free[i]!.start < start) i++;
    this.free.splice(i, 0, { start, size });
    const next = this.free[i + 1];
    if (next !== undefined && start + size === next.start) {
      this.free[i]!.size += next.size;
      this.free.splice(i + 1, 1);
    }
    const previous = this.free[i - 1];
    if (previous !== undefined && previous.start + previous.size === start) {
      previous.size += this.free[i]!.size;
      this.free.splice(i, 1);
    }
  }
}

function align(bytes: number): number {
  return Math.ceil(bytes / ALIGN) * ALIGN;
}
