import { expect, type Locator } from '@playwright/test';

/**
 * The red value at the centre of each image the locator finds, once every one
 * is drawn: what the page really shows, whatever its address says.
 */
export async function shadesOf(images: Locator): Promise<number[]> {
  await expect
    .poll(() => images.evaluateAll((all) => all.every((img) => (img as HTMLImageElement).naturalWidth > 0)))
    .toBe(true);
  return images.evaluateAll((all) =>
    all.map((element) => {
      const img = element as HTMLImageElement;
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const context = canvas.getContext('2d')!;
      context.drawImage(img, 0, 0);
      return context.getImageData(img.naturalWidth >> 1, img.naturalHeight >> 1, 1, 1).data[0]!;
    }),
  );
}
