import type { Logger } from '../ports/logger.js';

/**
 * Runs `work` every `intervalMs`, and when kicked: at once, or `gatherMs` after the first of
 * several kicks (kicks during a run cause one more run, not one each). Never two runs at a
 * time. Node only.
 */
export function createLoop(name: string, work: () => Promise<unknown>, intervalMs: number, logger: Logger, { gatherMs = 0 } = {}) {
  let running = false;
  let gathering: NodeJS.Timeout | undefined;
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
    /** Runs soon: after `gatherMs`, so that kicks in quick succession share one run. */
    kick() {
      if (!gatherMs) return void run();
      gathering ??= setTimeout(() => {
        gathering = undefined;
        void run();
      }, gatherMs);
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      if (gathering) clearTimeout(gathering);
      while (running) await new Promise((r) => setTimeout(r, 20));
    },
  };
}
