import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

const { denyAllPermissions, guardWebContents, originOf } = await import('../../src/main/security.ts');

class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  /** emits `name` and says whether a listener prevented the default */
  attempt(name: string, url: string): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

describe('window security', () => {
  it("blocks navigation and redirects away from the app's origin, comparing whole origins", () => {
    const contents = new FakeWebContents();
    guardWebContents(contents as never, 'whisker://app');
    expect(contents.attempt('will-navigate', 'whisker://app/index.html')).toBe(false);
    expect(contents.attempt('will-navigate', 'https://example.com/')).toBe(true);
    expect(contents.attempt('will-navigate', 'whisker://app.evil.com/')).toBe(true);
    expect(contents.attempt('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(contents.attempt('will-navigate', 'not a url')).toBe(true);
  });

  it('denies every new window and webview', () => {
    const contents = new FakeWebContents();
    guardWebContents(contents as never, 'whisker://app');
    expect(contents.windowOpenHandler!({ url: 'whisker://app/index.html' })).toEqual({ action: 'deny' });
    expect(contents.attempt('will-attach-webview', '')).toBe(true);
  });

  it('denies every permission request and check', () => {
    let requestHandler: ((c: unknown, p: string, callback: (granted: boolean) => void) => void) | undefined;
    let checkHandler: (() => boolean) | undefined;
    denyAllPermissions({
      setPermissionRequestHandler: (h: typeof requestHandler) => (requestHandler = h),
      setPermissionCheckHandler: (h: typeof checkHandler) => (checkHandler = h),
    } as never);
    const granted = vi.fn();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      requestHandler!(null, permission, granted);
    }
    expect(granted.mock.calls).toEqual([[false], [false], [false], [false]]);
    expect(checkHandler!()).toBe(false);
  });

  it('reads origins with the URL parser', () => {
    expect(originOf('whisker://app/a/b?c')).toBe('whisker://app');
    expect(originOf('https://example.com:8443/x')).toBe('https://example.com:8443');
    expect(originOf('file:///etc/passwd')).toBeNull();
    expect(originOf('::')).toBeNull();
  });
});
