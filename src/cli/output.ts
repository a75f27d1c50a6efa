/**
 * What the commands print: human lines, or JSON with --json; a progress bar only on a terminal.
 * Every line may carry text from a file, so control characters are escaped here, where it is printed.
 */
import type { Progress } from '../data/pool.ts';
import { printable, printableJson } from './terminalText.ts';

export class Output {
  private barShown = false;

  constructor(
    readonly json: boolean,
    private readonly stdout: NodeJS.WriteStream = process.stdout,
    private readonly stderr: NodeJS.WriteStream = process.stderr,
  ) {}

  /** A line for people (not printed in JSON mode, where stdout carries only JSON). */
  line(text: string): void {
    if (this.json) return;
    this.clearBar();
    this.stdout.write(`${printable(text)}\n`);
  }

  /** A JSON record (printed only in JSON mode). */
  record(value: unknown): void {
    if (this.json) this.stdout.write(`${printableJson(value)}\n`);
  }

  note(text: string): void {
    this.clearBar();
    this.stderr.write(`${printable(text)}\n`);
  }

  /** Redraws the progress bar in place, on a terminal only. */
  bar(label: string, done: number, total: number, extra = ''): void {
    if (!this.stderr.isTTY) return;
    const width = 30;
    const filled = total > 0 ? Math.round((done / total) * width) : 0;
    const percent = total > 0 ? Math.floor((done / total) * 100) : 0;
    this.stderr.write(
      `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent}% ${extra}\x1b[K`,
    );
    this.barShown = true;
  }

  importProgress(progress: Progress): void {
    const left = progress.secondsLeft === null ? '' : `, ${Math.ceil(progress.secondsLeft)} s left`;
    this.bar(
      'Reading images',
      progress.done,
      progress.total,
      `${progress.done}/${progress.total}, ${progress.rate.toFixed(0)}/s${left}`,
    );
  }

  clearBar(): void {
    if (this.barShown) this.stderr.write('\r\x1b[K');
    this.barShown = false;
  }
}

export const percent = (value: number) => `${(value * 100).toFixed(2)}%`;
