/** The source of "now"; the console and transcript tests move it with `:clock`. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that follows real time until set, then stays where it was put until moved again. */
export interface ManualClock extends Clock {
  set(at: Date): void;
  isManual(): boolean;
}

/** Creates a clock for the console: real time until the first `:clock`. */
export function createManualClock(start?: Date): ManualClock {
  let fixed: Date | null = start ?? null;
  return {
    now: () => (fixed ? new Date(fixed) : new Date()),
    set: (at) => void (fixed = new Date(at)),
    isManual: () => fixed !== null,
  };
}
