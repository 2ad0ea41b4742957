/**
 * Acknowledgements first. Recording and acking an event costs tens of microseconds;
 * processing it (a conversation turn, replies) costs milliseconds on the same thread. While
 * events arrive faster than `busyPerSecond`, processing starts at most one event every
 * `trickleMs`, so a flood is acked at full speed (no platform redelivers for want of an
 * answer) while the backlog still moves; it is worked off, oldest first, once the flood eases.
 */
export interface AckFirstGate {
  /** Called for every event answered (accepted or duplicate). */
  note(): void;
  /** Resolves when processing may start one more event; undefined when it may at once. */
  wait(): Promise<void> | undefined;
  /** True while events arrive faster than the threshold. */
  readonly busy: boolean;
}

export function createAckFirstGate({ busyPerSecond = 100, windowMs = 250, trickleMs = 500, now = () => performance.now() } = {}): AckFirstGate {
  const limit = (busyPerSecond * windowMs) / 1000;
  let windowStart = now();
  let current = 0;
  let previous = 0;
  let lastStart = -Infinity;

  const roll = (t: number) => {
    const elapsed = t - windowStart;
    if (elapsed < windowMs) return;
    previous = elapsed < 2 * windowMs ? current : 0;
    current = 0;
    windowStart += Math.floor(elapsed / windowMs) * windowMs;
  };
  const isBusy = () => {
    const t = now();
    roll(t);
    // Sliding estimate over the last window: the part of the previous one still inside it.
    return previous * (1 - (t - windowStart) / windowMs) + current > limit;
  };

  const gate: AckFirstGate = {
    note() {
      roll(now());
      current++;
    },
    wait() {
      const t = now();
      if (!isBusy() || t - lastStart >= trickleMs) {
        lastStart = t;
        return undefined;
      }
      return new Promise<void>((resolve) => setTimeout(resolve, lastStart + trickleMs - t)).then(() => gate.wait());
    },
    get busy() {
      return isBusy();
    },
  };
  return gate;
}
