import { expect, test } from './fixtures.ts';

test('the built renderer opens on the app shell, inviting the user to drop a folder', async ({
  shell,
}, testInfo) => {
  await expect(shell.title).toBeVisible();
  await expect(shell.dropZone).toBeVisible();
  await expect(shell.dropZone).toContainText('each class in its own sub-folder');
  await shell.page.screenshot({ path: testInfo.outputPath('shell.png') });
});

test('the page runs under a strict Content-Security-Policy with no Node globals', async ({ shell }) => {
  expect(shell.response?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
  expect(await shell.nodeGlobals()).toEqual(['undefined', 'undefined']);
  const inlineRan = await shell.page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inline = true';
    document.body.append(script);
    return (window as unknown as Record<string, unknown>)['__inline'] === true;
  });
  expect(inlineRan).toBe(false);
});

test('the shell fits a 1024×700 window without horizontal scrolling', async ({ shell }) => {
  await shell.page.setViewportSize({ width: 1024, height: 700 });
  const overflow = await shell.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(overflow).toBe(false);
  await expect(shell.dropZone).toBeInViewport();
});

test('the page loads without a missing file or an error in the console, favicon included', async ({
  shell,
}) => {
  await shell.page.waitForLoadState('networkidle');
  const icon = await shell.page.evaluate(async () => {
    const link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
    return link ? (await fetch(link.href)).headers.get('content-type') : null;
  });
  expect(icon).toBe('image/png');
  expect(shell.failedResponses).toEqual([]);
  expect(shell.consoleErrors).toEqual([]);
});

test('the About panel, from the header, says how the trainer computes here', async ({ shell }, testInfo) => {
  await shell.openAbout();
  await expect(shell.about).toBeVisible();
  await expect(shell.aboutRow('Computes with')).toHaveText(/WebAssembly (relaxed )?SIMD|TypeScript/);
  await expect(shell.aboutRow('Threads')).toHaveText(/^\d+$/);
  await expect(shell.aboutRow('Window')).toHaveText(/^Chromium \d/);
  for (const colorScheme of ['light', 'dark'] as const) {
    await shell.page.emulateMedia({ colorScheme });
    await shell.page.screenshot({ path: testInfo.outputPath(`about-${colorScheme}.png`) });
  }
  await shell.page.keyboard.press('Escape');
  await expect(shell.about).toBeHidden();
});
