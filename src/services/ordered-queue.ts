/**
 * Runs jobs with bounded concurrency, one at a time per key (a person's messages are handled
 * in the order they came, so a dialogue never sees its answers out of order), and never more
 * than `concurrency` at once; `mayStart` can hold a job back (the ack-first gate).
 */
export function createOrderedQueue(concurrency: number, onError: (err: unknown) => void, mayStart?: () => Promise<void> | undefined) {
  const chains = new Map<string, Promise<void>>();
  let running = 0;
  const waiting: (() => void)[] = [];
  const slot = async () => {
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
  };
  const release = () => {
    running--;
    waiting.shift()?.();
  };
  let idleResolvers: (() => void)[] = [];

  return {
    push(key: string, job: () => Promise<void>): void {
      const previous = chains.get(key) ?? Promise.resolve();
      const next = previous.then(async () => {
        await slot();
        try {
          await mayStart?.();
          await job();
        } catch (err) {
          onError(err);
        } finally {
          release();
        }
      });
      chains.set(key, next);
      void next.then(() => {
        if (chains.get(key) === next) chains.delete(key);
        if (chains.size === 0) {
          const r = idleResolvers;
          idleResolvers = [];
          r.forEach((f) => f());
        }
      });
    },
    /** Resolves when nothing is queued or running (tests, shutdown). */
    idle(): Promise<void> {
      return chains.size === 0 ? Promise.resolve() : new Promise((resolve) => idleResolvers.push(resolve));
    },
    get size() {
      return chains.size;
    },
  };
}
