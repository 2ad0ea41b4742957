import type { Logger } from '../ports/logger.js';

/**
 * Runs `work` every `intervalMs`, and when kicked: at once, or `gatherMs` after the first of
 * several kicks (kicks during a run cause one more run, not one each). Never two runs at a
 * time. `stop` aborts the signal `work` is given, then waits for the run to end. Node only.
 */
export function createLoop(
  name: string,
  work: (signal: AbortSignal) => Promise<unknown>,
  intervalMs: number,
  logger: Logger,
  { gatherMs = 0, onError = (err: unknown) => logger.error({ err, loop: name }, 'loop run failed') } = {},
) {
  const stopping = new AbortController();
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
        await work(stopping.signal);
      } while (again && !stopped);
    } catch (err) {
      onError(err);
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
      stopping.abort();
      if (timer) clearInterval(timer);
      if (gathering) clearTimeout(gathering);
      while (running) await new Promise((r) => setTimeout(r, 20));
    },
  };
}
