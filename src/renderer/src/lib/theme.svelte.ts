/**
 * The system's light or dark theme, for what CSS cannot colour: text and
 * grid lines drawn on canvases. Follows the system when it changes.
 */
class Theme {
  dark = $state(false);

  constructor() {
    if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return;
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    this.dark = query.matches;
    query.addEventListener?.('change', (event) => (this.dark = event.matches));
  }

  /** axis text and grid lines for charts */
  get chart(): { text: string; grid: string } {
    return this.dark ? { text: '#ececec', grid: '#3a3b3f' } : { text: '#1d1d1f', grid: '#d8d8d4' };
  }
}

export const theme = new Theme();
