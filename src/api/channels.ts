/** Electron IPC channel names, shared by main and the preload. */
export const CHANNELS = {
  request: 'whisker:request',
  event: 'whisker:event',
  /** the preload reports the paths of files the user dropped or chose */
  dropped: 'whisker:dropped',
} as const;
