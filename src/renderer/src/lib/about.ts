/** Words for the About panel: how the trainer computes, and what the window runs in. */
import type { KernelInfo } from '../../../api/contract.ts';

export interface AboutRow {
  readonly label: string;
  readonly value: string;
}

/** The trainer's kernel as the panel lists it: what computes, on how many threads, with which instructions. */
export function kernelRows(kernel: KernelInfo): AboutRow[] {
  return [
    { label: 'Computes with', value: kernel.name },
    { label: 'Threads', value: String(kernel.threads) },
    { label: 'SIMD', value: kernel.simd ? 'yes (WebAssembly SIMD128)' : 'no' },
    {
      label: 'Relaxed SIMD',
      value: kernel.relaxedSimd ? 'yes (fused multiply-add)' : 'no (this runtime does not offer it)',
    },
  ];
}

/** One sentence for a trainer that fell back to one thread, or null when it did not. */
export function fallbackSentence(kernel: KernelInfo): string | null {
  return kernel.fallback === null
    ? null
    : `Training uses one thread because ${kernel.fallback}. It is slower, and everything else works.`;
}

/** "Electron 45.4.1 (Chromium 140.0.7339.133)", or the browser the page is in, from its user agent. */
export function windowRuntime(userAgent: string): string {
  const electron = /\bElectron\/([\d.]+)/.exec(userAgent)?.[1];
  const chromium = /Chrome\/([\d.]+)/.exec(userAgent)?.[1];
  if (electron !== undefined) return `Electron ${electron}${chromium ? ` (Chromium ${chromium})` : ''}`;
  const firefox = /\bFirefox\/([\d.]+)/.exec(userAgent)?.[1];
  if (firefox !== undefined) return `Firefox ${firefox}`;
  if (chromium !== undefined) return `Chromium ${chromium}`;
  const safari = /\bVersion\/([\d.]+).*Safari\//.exec(userAgent)?.[1];
  if (safari !== undefined) return `Safari ${safari}`;
  return 'a browser';
}
