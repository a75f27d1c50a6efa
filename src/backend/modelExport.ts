/**
 * Exporting the current model to a file the user named: the target checked
 * (exportTarget.ts), then written atomically with its temporary file noted in
 * the data folder's ledger, so that an export killed mid-write leaves nothing
 * in the user's folder once Whisker starts again.
 */
import path from 'node:path';
import type { Model } from '../core/modelFile.ts';
import { encodeModel } from '../core/modelFile.ts';
import { exportOnnx } from '../core/onnxExport.ts';
import { isTemporaryName, writeFileAtomic } from '../data/files.ts';
import { TemporaryLedger } from '../data/temporaryLedger.ts';
import { checkExportTarget, type ExportTarget } from './exportTarget.ts';

const ledgerOf = (dataDir: string) =>
  new TemporaryLedger(path.join(dataDir, 'exports-in-progress'), isTemporaryName);

/** Writes the model to `target` in its format; returns the path written. */
export async function exportModel(model: Model, target: ExportTarget, dataDir: string): Promise<string> {
  await checkExportTarget(target, dataDir);
  const bytes = target.format === 'onnx' ? exportOnnx(model) : encodeModel(model);
  await writeFileAtomic(target.path, bytes, { ledger: ledgerOf(dataDir) });
  return target.path;
}

/** Removes the temporary files of exports that were killed mid-write; returns them. Never throws. */
export function removeInterruptedExports(dataDir: string): Promise<string[]> {
  return ledgerOf(dataDir)
    .removeLeftovers()
    .catch(() => []);
}
