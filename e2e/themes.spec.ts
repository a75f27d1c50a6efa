import { expect, test } from './fixtures.ts';
import { VIEWS } from './pages/WhiskerApp.ts';

/** Relative luminance of a CSS rgb() colour, as WCAG defines it. */
function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};

test('every view fits a 1024×700 window, in the light and the dark theme, with readable text', async ({
  app,
}, testInfo) => {
  test.setTimeout(120_000);
  const page = app.page;
  await page.setViewportSize({ width: 1024, height: 700 });
  await app.trainOnSampleData(5);
  await app.goTo('Results');
  await expect(app.results.accuracy).toBeVisible();

  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const view of VIEWS) {
      await app.goTo(view);
      const heading = page.locator('main h2').first();
      await expect(heading).toBeVisible();
      const look = await page.evaluate(() => {
        const style = (element: Element) => getComputedStyle(element);
        const h2 = document.querySelector('main h2')!;
        return {
          overflow: document.documentElement.scrollWidth - window.innerWidth,
          background: style(document.documentElement).backgroundColor,
          text: style(h2).color,
        };
      });
      expect(look.overflow, `${view} scrolls sideways in the ${colorScheme} theme`).toBeLessThanOrEqual(0);
      expect(luminance(look.background) < 0.1, `${view} background in the ${colorScheme} theme`).toBe(
        colorScheme === 'dark',
      );
      expect(contrast(look.text, look.background)).toBeGreaterThanOrEqual(7);
      await page.screenshot({
        path: testInfo.outputPath(`${colorScheme}-${view.toLowerCase()}.png`),
        fullPage: true,
      });
    }
  }
});
