import { describe, expect, it } from 'vitest';
import { exportModelAsking } from '../../src/renderer/src/lib/exportModel.ts';

const refusal =
  '/home/me/notes.txt: this file exists and is not an ONNX model; replace it only if you mean to';

/** A host that refuses to replace the file unless asked to. */
function host() {
  const sent: unknown[] = [];
  const request = async (_method: 'exportModel', params: { path: string; replace?: boolean }) => {
    sent.push(params);
    if (!params.replace) throw new Error(refusal);
    return { path: params.path };
  };
  return { sent, request };
}

describe('exporting the model from the page', () => {
  it('asks before replacing a file that is not a model, and replaces it when the user agrees', async () => {
    const { sent, request } = host();
    const questions: string[] = [];
    const written = await exportModelAsking(request, '/home/me/notes.txt', 'onnx', (question) => {
      questions.push(question);
      return true;
    });
    expect(written).toBe('/home/me/notes.txt');
    expect(questions).toEqual([
      '/home/me/notes.txt: this file exists and is not an ONNX model. Replace it with the model?',
    ]);
    expect(sent).toEqual([
      { path: '/home/me/notes.txt', format: 'onnx' },
      { path: '/home/me/notes.txt', format: 'onnx', replace: true },
    ]);
  });

  it('leaves the file alone when the user says no', async () => {
    const { sent, request } = host();
    expect(await exportModelAsking(request, '/home/me/notes.txt', 'onnx', () => false)).toBeNull();
    expect(sent).toHaveLength(1);
  });

  it('passes any other refusal on without asking', async () => {
    const request = async () => {
      throw new Error('model.onnx: give the full path of the file to write, not a relative one');
    };
    await expect(
      exportModelAsking(request, 'model.onnx', 'onnx', () => {
        throw new Error('asked');
      }),
    ).rejects.toThrow(/full path/);
  });
});
