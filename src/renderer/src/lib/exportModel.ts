/**
 * Exporting the model from the page: when the file named exists and is not a
 * model of that format, the host refuses, and the user is asked before the
 * export is sent again to replace it.
 */
import type { Replies } from '../../../api/contract.ts';
import { asksBeforeReplacing } from '../../../api/exportRefusal.ts';

type Request = (
  method: 'exportModel',
  params: { path: string; format: 'safetensors' | 'onnx'; replace?: boolean },
) => Promise<Replies['exportModel']>;

/** The path written, or null when the user chose not to replace the file. */
export async function exportModelAsking(
  request: Request,
  path: string,
  format: 'safetensors' | 'onnx',
  ask: (question: string) => boolean = (question) => window.confirm(question),
): Promise<string | null> {
  try {
    return (await request('exportModel', { path, format })).path;
  } catch (error) {
    const message = (error as Error).message;
    if (!asksBeforeReplacing(message)) throw error;
    if (!ask(`${message.split(';')[0]}. Replace it with the model?`)) return null;
    return (await request('exportModel', { path, format, replace: true })).path;
  }
}
