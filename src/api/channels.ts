/** Electron IPC channel names, shared by main and the preload. */
export const CHANNELS = {
  request: 'whisker:request',
  event: 'whisker:event',
  /** the preload reports the paths of files the user dropped, which main then grants for reading */
  dropped: 'whisker:dropped',
  /** the renderer asks main to show one of its dialogs (main/choose.ts) */
  choose: 'whisker:choose',
} as const;
