/**
 * The image whose maps the Inside view shows, and the network's pictures of
 * it as last drawn, with the data set and image they were drawn from. Asked
 * again when the image, the network or its weights change: one request at a
 * time, and a wish made meanwhile is asked for when it returns.
 */
import type { ImageMaps } from '../../../api/contract.ts';
import { Task } from '../state/task.svelte.ts';
import { host } from './host.ts';

export interface ChosenImage {
  readonly split: 'train' | 'validation' | 'test';
  readonly index: number;
}

export interface DrawnMaps {
  readonly dataSetId: number;
  readonly image: ChosenImage;
  readonly maps: ImageMaps;
}

export class ImageMapsState {
  chosen = $state.raw<ChosenImage>({ split: 'train', index: 0 });
  drawn = $state.raw<DrawnMaps | null>(null);
  readonly task = new Task();
  private asking = false;
  /** the data set of the last wish not yet asked for */
  private wanted: number | null = null;

  /** Asks for the chosen image's pictures, of the data set numbered `dataSetId`. */
  async refresh(dataSetId: number): Promise<void> {
    this.wanted = dataSetId;
    if (this.asking) return;
    this.asking = true;
    try {
      while (this.wanted !== null) {
        const asked = { dataSetId: this.wanted, image: this.chosen };
        this.wanted = null;
        const maps = await this.task.run('Drawing the maps', () =>
          host().request('featureMaps', asked.image),
        );
        if (maps) this.drawn = { ...asked, maps };
      }
    } finally {
      this.asking = false;
    }
  }

  choose(image: ChosenImage, dataSetId: number): Promise<void> {
    this.chosen = image;
    return this.refresh(dataSetId);
  }
}

/** The Inside view's one chooser: the image stays chosen when the user comes back to the view. */
export const imageMaps = new ImageMapsState();
