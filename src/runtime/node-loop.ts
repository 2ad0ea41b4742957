import type { Logger } from '../ports/logger.js';

/**
 * Runs `work` every `intervalMs`, and at once when kicked (debounced: kicks during a run
 * cause one more run, not one each). Never two runs at a time. Node only.
 */
export function createLoop(name: string, work: () => Promise<unknown>, intervalMs: number, logger: Logger) {
  let running = false;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  async function run(): Promise<void> {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await work();
      } while (again && !stopped);
    } catch (err) {
      logger.error({ err, loop: name }, 'loop run failed');
    } finally {
      running = false;
    }
  }

  return {
    start() {
      timer = setInterval(() => void run(), intervalMs);
      timer.unref();
      void run();
    },
    kick: () => void run(),
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      while (running) await new Promise((r) => setTimeout(r, 20));
    },
  };
}
