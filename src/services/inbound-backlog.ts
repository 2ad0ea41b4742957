import type { Db } from '../ports/db.js';
import type { Logger } from '../ports/logger.js';
import type { AckFirstGate } from './ack-first.js';
import { orderKey, pendingEvents, type AcceptedEvent } from './inbound.js';
import { createOrderedQueue } from './ordered-queue.js';

export interface BacklogDeps {
  db: Db;
  logger: Logger;
  /** Processes one event and marks its journal row (processAccepted); 'deferred': left pending for want of a writable database. */
  run(event: AcceptedEvent): Promise<'deferred' | void>;
  /** Resolves once the database takes writes again (StorageHealth.writable); default: 5 s later. */
  writable?(): Promise<void>;
  gate?: AckFirstGate;
}

export interface BacklogOptions {
  /** Events held in memory at most; beyond that they wait in the journal only. */
  inMemory?: number;
  /** Events processed at once (one at a time per person and conversation). */
  concurrency?: number;
  /** Journal rows read per page when catching up. */
  page?: number;
}

const idOf = (e: AcceptedEvent) => `${e.platform}\n${e.key}`;

/**
 * Where accepted events wait for processing on Node. Normally in memory, in an ordered,
 * bounded queue. When more than `inMemory` are waiting (a flood), or at start (events
 * accepted before a stop), the journal itself is the queue: new events are only recorded, and
 * pages of pending rows are read back oldest first as the queue empties. Once the journal has
 * nothing left, events go straight to memory again. Memory stays bounded however long the
 * backlog, and one person's messages are processed in the order they came throughout.
 */
export function createInboundBacklog(deps: BacklogDeps, { inMemory = 1000, concurrency = 2, page = 200 }: BacklogOptions = {}) {
  const queue = createOrderedQueue(concurrency, (err) => deps.logger.error({ err }, 'inbound processing failed'), deps.gate ? () => deps.gate!.wait() : undefined);
  const queued = new Set<string>();
  // True while the journal may hold pending events that are not in memory.
  let spilled = true;
  // Bumped at every spill, so a catch-up read that raced a newer spill does not clear the flag.
  let spills = 0;
  let reading = false;
  let stopped = false;
  // While the database refuses writes: deferred events wait in the journal, read back once it takes them again.
  let waitingForStorage = false;

  const deferred = () => {
    spilled = true;
    spills++;
    if (waitingForStorage) return;
    waitingForStorage = true;
    void (deps.writable?.() ?? new Promise<void>((r) => void setTimeout(r, 5000))).then(() => {
      waitingForStorage = false;
      catchUp();
    });
  };

  const enqueue = (event: AcceptedEvent) => {
    const id = idOf(event);
    queued.add(id);
    queue.push(orderKey(event.message), async () => {
      try {
        // After stop, journaled events not yet started stay pending for the next start.
        if ((!stopped || event.key === null) && (await deps.run(event)) === 'deferred') deferred();
      } finally {
        queued.delete(id);
        catchUp();
      }
    });
  };

  function catchUp(): void {
    if (!spilled || reading || stopped || waitingForStorage || queued.size > page / 2) return;
    reading = true;
    const since = spills;
    pendingEvents(deps.db, deps.logger, page + queued.size)
      .then((rows) => {
        const fresh = rows.filter((e) => !queued.has(idOf(e))).slice(0, page);
        fresh.forEach(enqueue);
        if (!fresh.length && spills === since) spilled = false;
        reading = false;
        if (fresh.length && queued.size <= page / 2) catchUp();
      })
      .catch((err: unknown) => {
        reading = false;
        deps.logger.error({ err }, 'could not read pending inbound events; trying again in 5 s');
        // Node's timers can be unref'd (not holding the process open); Workers' are plain numbers.
        (setTimeout(catchUp, 5000) as { unref?: () => void }).unref?.();
      });
  }

  return {
    /** Takes an event the journal just accepted. */
    offer(event: AcceptedEvent): void {
      if (event.key === null || (!spilled && queued.size < inMemory)) return enqueue(event);
      // It is already journaled as pending: the catch-up reads it back in its turn.
      spilled = true;
      spills++;
      catchUp();
    },
    /** Starts processing what the journal holds from before (call once at start). */
    start(): void {
      catchUp();
    },
    /** Stops taking work: events being processed finish, the rest stay pending in the journal. */
    stop(): void {
      stopped = true;
    },
    /** Resolves when nothing is waiting in memory or in the journal (tests, shutdown). */
    async idle(): Promise<void> {
      for (;;) {
        await queue.idle();
        if (!spilled || stopped) return;
        catchUp();
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    get size(): number {
      return queued.size;
    },
  };
}

export type InboundBacklog = ReturnType<typeof createInboundBacklog>;
