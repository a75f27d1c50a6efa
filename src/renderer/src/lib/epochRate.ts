/**
 * A run's seconds per epoch, smoothed for its time left: the time between
 * epoch ends averaged with each epoch weighing by the time it took, and the
 * past forgotten with a half-life of HALF_LIFE seconds. Epochs that arrive in
 * a burst, or one slow epoch, move it little; time paused is not counted.
 */
export const HALF_LIFE = 10;

export class EpochRate {
  /** performance.now() of the last epoch's end, or null before the first and after a pause */
  private last: number | null = null;
  /** seconds and epochs since the start, each decayed by its age */
  private seconds = 0;
  private epochs = 0;
  private intervals = 0;

  epochEnded(now: number): void {
    if (this.last !== null) {
      const elapsed = Math.max(0, now - this.last) / 1000;
      const kept = 0.5 ** (elapsed / HALF_LIFE);
      this.seconds = this.seconds * kept + elapsed;
      this.epochs = this.epochs * kept + 1;
      this.intervals++;
    }
    this.last = now;
  }

  /** The run paused: the time until the next epoch ends after it resumes is not an epoch's. */
  paused(): void {
    this.last = null;
  }

  /** null until two epochs have been timed */
  get secondsPerEpoch(): number | null {
    return this.intervals >= 2 ? this.seconds / this.epochs : null;
  }
}
