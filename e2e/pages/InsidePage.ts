import type { Locator, Page } from '@playwright/test';

/** The Inside view: the first layer's weights as pictures, the gradient heatmap, each layer's equation. */
export class InsidePage {
  readonly weights: Locator;

  constructor(readonly page: Page) {
    this.weights = page.getByRole('list', { name: 'First-layer weights' }).getByRole('img');
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

  heatmap(description: RegExp): Locator {
    return this.page.getByRole('img', { name: description });
  }

  text(text: string | RegExp): Locator {
    return this.page.getByText(text);
  }
}
