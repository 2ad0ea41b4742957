/** The time source. Tests and rehearsal mode (演练模式) substitute their own. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that starts at a given instant and runs on from there (rehearsal mode, tests). */
export class ShiftedClock implements Clock {
  private offsetMs = 0;
  constructor(private readonly base: Clock = systemClock) {}
  /** Sets the time; returns the offset from the base clock (shift() takes it up after a restart). */
  set(at: Date): number {
    this.offsetMs = at.getTime() - this.base.now().getTime();
    return this.offsetMs;
  }
  shift(offsetMs: number): void {
    this.offsetMs = offsetMs;
  }
  now(): Date {
    return new Date(this.base.now().getTime() + this.offsetMs);
  }
}
