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

  /** axis text, grid lines and the quiet reference line of charts, matching app.css's colours */
  get chart(): { text: string; grid: string; reference: string } {
    return this.dark
      ? { text: '#a3abb8', grid: '#2f3542', reference: '#7b8494' }
      : { text: '#555e6b', grid: '#e3e6ea', reference: '#9aa2ad' };
  }
}

export const theme = new Theme();
