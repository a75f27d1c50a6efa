/**
 * The data set browser's state: the filter (split, class, file name) and
 * the matching images, fetched from the host a page at a time as the grid
 * scrolls to them. A new filter starts a new generation; replies for an
 * older one are dropped.
 */
import type { Reply } from '../../../api/contract.ts';
import { app } from '../state/app.svelte.ts';
import { Task } from '../state/task.svelte.ts';

export type Split = 'train' | 'validation' | 'test';
export type BrowsedImage = Reply<'listImages'>['items'][number];

export const PAGE_SIZE = 200;

export class ImageBrowser {
  split = $state<Split>('train');
  classIndex = $state<number | null>(null);
  search = $state('');
  /** how many images match the filter; null until the first page arrives */
  total = $state<number | null>(null);
  /** pages fetched so far, by page number (sparse); replaced on every arrival so the grid redraws */
  pages = $state.raw<readonly (readonly BrowsedImage[] | undefined)[]>([]);
  readonly task = new Task();
  /** the data set browsed: its number is in the images' addresses */
  dataSetId = $state(0);
  private generation = 0;
  /** pages asked for: bookkeeping, not state the page shows */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly requested = new Set<number>();

  /** Starts over with the current filter, on the data set numbered `dataSetId`. */
  refresh(dataSetId = this.dataSetId): Promise<void> {
    this.dataSetId = dataSetId;
    this.generation += 1;
    this.requested.clear();
    this.pages = [];
    this.total = null;
    return this.ensure(0, 1);
  }

  item(index: number): BrowsedImage | undefined {
    return this.pages[Math.floor(index / PAGE_SIZE)]?.[index % PAGE_SIZE];
  }

  /** Fetches the pages that hold images [first, end) and are not fetched or on their way. */
  async ensure(first: number, end: number): Promise<void> {
    const wanted: number[] = [];
    for (let page = Math.floor(first / PAGE_SIZE); page * PAGE_SIZE < Math.max(end, first + 1); page++) {
      if (!this.requested.has(page)) wanted.push(page);
    }
    await Promise.all(wanted.map((page) => this.fetchPage(page)));
  }

  private async fetchPage(page: number): Promise<void> {
    const generation = this.generation;
    this.requested.add(page);
    try {
      const reply = await app.listImages({
        split: this.split,
        classIndex: this.classIndex,
        search: this.search.trim(),
        offset: page * PAGE_SIZE,
        limit: PAGE_SIZE,
      });
      if (generation !== this.generation) return;
      this.total = reply.total;
      const pages = [...this.pages];
      pages[page] = reply.items;
      this.pages = pages;
      this.task.error = null;
    } catch (error) {
      if (generation !== this.generation) return;
      this.requested.delete(page);
      this.task.error = (error as Error).message;
    }
  }
}

/** The app's one browser: its filter stays as it was when the user comes back to the view. */
export const imageBrowser = new ImageBrowser();
