import type { Page } from '@playwright/test';
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

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
] as const;

/** What a view looks like: sideways overflow, the page's background and the heading's colour. */
async function look(page: Page) {
  return page.evaluate(() => {
    const style = (element: Element) => getComputedStyle(element);
    const h2 = document.querySelector('main h2')!;
    return {
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      background: style(document.documentElement).backgroundColor,
      text: style(h2).color,
    };
  });
}

test('every view fits 1280×800 and 1024×700 windows, in the light and the dark theme, with readable text', async ({
  app,
}, testInfo) => {
  test.setTimeout(180_000);
  const page = app.page;
  const shoot = (name: string) =>
    page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await shoot(`${colorScheme}-${size.width}-welcome`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await app.trainOnSampleData(5);
  await app.goTo('Results');
  await expect(app.results.accuracy).toBeVisible();

  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const size of SIZES) {
      await page.setViewportSize(size);
      for (const view of VIEWS) {
        await app.goTo(view);
        await expect(page.locator('main h2').first()).toBeVisible();
        const seen = await look(page);
        const where = `${view} at ${size.width}×${size.height} in the ${colorScheme} theme`;
        expect(seen.overflow, `${where} scrolls sideways`).toBeLessThanOrEqual(0);
        expect(luminance(seen.background) < 0.1, `${where}: background`).toBe(colorScheme === 'dark');
        expect(contrast(seen.text, seen.background), `${where}: heading contrast`).toBeGreaterThanOrEqual(7);
        await shoot(`${colorScheme}-${size.width}-${view.toLowerCase()}`);
      }
    }
  }
});
