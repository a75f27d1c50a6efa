/**
 * Main's own dialogs, for the menu and for the renderer: what the user picks
 * is granted (for reading, or, from a save dialog, for writing that one
 * file) before any request names it.
 */
import type { BrowserWindow } from 'electron';
import { z } from 'zod';
import type { GrantedPaths } from './paths.ts';

export const choiceSchema = z.enum([
  'folder',
  'h5',
  'photos',
  'photoFolder',
  'model',
  'saveSafetensors',
  'saveOnnx',
]);
export type Choice = z.infer<typeof choiceSchema>;

export interface Dialogs {
  open(window: BrowserWindow, options: Electron.OpenDialogOptions): Promise<Electron.OpenDialogReturnValue>;
  save(window: BrowserWindow, options: Electron.SaveDialogOptions): Promise<Electron.SaveDialogReturnValue>;
}

const IMAGES = ['png', 'jpg', 'jpeg', 'webp', 'gif', 'tif', 'tiff', 'avif'];

const OPEN: Record<Exclude<Choice, 'saveSafetensors' | 'saveOnnx'>, Electron.OpenDialogOptions> = {
  folder: { title: 'Open a folder of class folders', properties: ['openDirectory'] },
  h5: {
    title: 'Open the course’s .h5 files',
    properties: ['openFile', 'multiSelections'],
    filters: [{ name: 'HDF5', extensions: ['h5'] }],
  },
  photos: {
    title: 'Choose photos to classify',
    properties: ['openFile', 'multiSelections'],
    filters: [{ name: 'Images', extensions: IMAGES }],
  },
  photoFolder: { title: 'Choose a folder of photos to classify', properties: ['openDirectory'] },
  model: {
    title: 'Open a Whisker model',
    properties: ['openFile'],
    filters: [{ name: 'Whisker model (safetensors)', extensions: ['safetensors'] }],
  },
};

/** The paths the user chose (granted), or none when the dialog was cancelled. */
export async function choose(
  choice: Choice,
  window: BrowserWindow,
  dialogs: Dialogs,
  granted: GrantedPaths,
): Promise<string[]> {
  if (choice === 'saveSafetensors' || choice === 'saveOnnx') {
    const onnx = choice === 'saveOnnx';
    const { canceled, filePath } = await dialogs.save(window, {
      title: onnx ? 'Export the model as ONNX' : 'Export the model',
      defaultPath: onnx ? 'model.onnx' : 'model.safetensors',
      // asks before replacing a file (macOS and Windows always do)
      properties: ['showOverwriteConfirmation', 'createDirectory'],
      filters: [
        onnx
          ? { name: 'ONNX', extensions: ['onnx'] }
          : { name: 'Whisker model (safetensors)', extensions: ['safetensors'] },
      ],
    });
    if (canceled || !filePath) return [];
    granted.grant(filePath, 'write');
    return [filePath];
  }
  const { canceled, filePaths } = await dialogs.open(window, OPEN[choice]);
  if (canceled) return [];
  for (const file of filePaths) granted.grant(file, 'read');
  return filePaths;
}
