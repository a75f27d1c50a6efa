import type { Locator, Page } from '@playwright/test';

/**
 * The Inside view: the first layer's weights as pictures, the gradient heatmap, each layer's equation,
 * and a convolutional network's filters and feature maps of an image.
 */
export class InsidePage {
  readonly weights: Locator;
  /** what the filters and maps were computed on: the run's network at an epoch, or the current model */
  readonly mapsSource: Locator;
  private readonly images: Locator;

  constructor(readonly page: Page) {
    this.weights = page.getByRole('list', { name: 'First-layer weights' }).getByRole('img');
    this.mapsSource = page.getByTestId('maps-source');
    this.images = page.getByRole('group', { name: 'Image' }).getByRole('img');
  }

  /** Scrolls the filters and feature maps to the top of the window. */
  showMaps(): Promise<void> {
    return this.page
      .getByRole('heading', { name: 'Filters and feature maps' })
      .evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
  }

  /** Chooses the n-th image (from 0) whose maps are shown. */
  chooseImage(n: number): Promise<void> {
    return this.images.nth(n).click();
  }

  /** The heading of a layer's filters and maps ("layer 1 · conv 3×3×4 same ReLU · 64×64×4"). */
  layerHeading(text: string | RegExp): Locator {
    return this.page.getByRole('heading', { name: text });
  }

  /** A layer's filters, as pictures. */
  filters(layer: number): Locator {
    return this.channels(layer).getByRole('img', { name: /^Filter \d+ / });
  }

  /** A layer's maps of the chosen image, as pictures. */
  maps(layer: number): Locator {
    return this.channels(layer).getByRole('img', { name: new RegExp(`^Map \\d+ of layer ${layer},`) });
  }

  /** The maps of the pooling drawn beside a layer's maps. */
  pooledMaps(layer: number): Locator {
    return this.channels(layer).getByRole('img', { name: /^Map \d+ after the / });
  }

  /** The grey levels of pictures, one list per picture, pixel by pixel (their red channel). */
  pixels(pictures: Locator): Promise<number[][]> {
    return pictures.locator('canvas').evaluateAll((canvases: HTMLCanvasElement[]) =>
      canvases.map((canvas) => {
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        return Array.from({ length: data.length / 4 }, (_, i) => data[i * 4]!);
      }),
    );
  }

  private channels(layer: number): Locator {
    return this.page.getByRole('list', { name: `Channels of layer ${layer}` });
  }

  /** How many different red values the first unit's picture holds: a flat picture has one. */
  firstPictureShades(): Promise<number> {
    return this.weights
      .first()
      .locator('canvas')
      .evaluate((canvas: HTMLCanvasElement) => {
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        return new Set(Array.from({ length: data.length / 4 }, (_, i) => data[i * 4])).size;
      });
  }

  /** What the heatmap's axes and colour scale say: its layers, its epochs and its range. */
  heatmapAxes(): Locator {
    return this.page.locator('figure.heatmap');
  }

  heatmap(description: RegExp): Locator {
    return this.page.getByRole('img', { name: description });
  }

  text(text: string | RegExp): Locator {
    return this.page.getByText(text);
  }
}
