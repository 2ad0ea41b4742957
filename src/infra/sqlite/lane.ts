import type { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type Database from 'better-sqlite3';

type Adapter = Awaited<ReturnType<PrismaBetterSqlite3['connect']>>;
type Factory = Pick<PrismaBetterSqlite3, 'provider' | 'adapterName' | 'connect'>;
type Transaction = Awaited<ReturnType<Adapter['startTransaction']>>;

/**
 * The whole process shares one SQLite connection (better-sqlite3 is synchronous; Prisma's
 * adapter runs every statement on it). An open transaction is state of that connection, so a
 * statement issued elsewhere while one is open silently joins it and is undone by its rollback
 * (measured: a row written outside a workflow transaction vanished when that transaction rolled
 * back). The lane makes every statement outside a transaction wait until the open one ends;
 * statements that waited run before the next transaction begins, so none starves.
 */
export class ConnectionLane {
  #open = false;
  #statements: (() => void)[] = [];
  #transactions: (() => void)[] = [];

  /** True while a transaction holds the connection. */
  get busy(): boolean {
    return this.#open;
  }

  /** Resolves once no transaction is open; undefined (nothing to await) when none is. */
  free(): Promise<void> | undefined {
    return this.#open ? new Promise((resolve) => this.#statements.push(resolve)) : undefined;
  }

  /** Runs `statement` once no transaction is open, in the continuation that last found none. */
  async outside<T>(statement: () => T | Promise<T>): Promise<T> {
    while (this.#open) await this.free();
    return statement();
  }

  /** Waits for the connection, holds it for one transaction; call the returned function once it ends. */
  async hold(): Promise<() => void> {
    if (this.#open || this.#transactions.length) await new Promise<void>((resolve) => this.#transactions.push(resolve));
    else this.#open = true;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#release();
    };
  }

  #release(): void {
    this.#open = false;
    const waiting = this.#statements.splice(0);
    for (const resume of waiting) resume();
    // Statements that waited run in the microtasks that follow, with no transaction open; the
    // next transaction begins after them (a turn later), or at once when none waited.
    if (waiting.length) setImmediate(() => this.#grant());
    else this.#grant();
  }

  #grant(): void {
    const next = this.#open ? undefined : this.#transactions.shift();
    if (!next) return;
    this.#open = true;
    next();
  }
}

/**
 * Prisma settles its statements in microtasks, so a chain of them (a conversation turn) would
 * run to its end without letting the event loop read a request. Each statement outside a
 * transaction and each transaction first lets the loop take a turn: a webhook arriving
 * meanwhile is acked after one statement rather than after the whole chain.
 */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The Prisma adapter factory for SQLite, with statements and transactions kept apart by `lane`. */
export function laneAdapterFactory(inner: PrismaBetterSqlite3, lane: ConnectionLane, onConnect: (connection: Database.Database) => void): Factory {
  const outside = async <T>(statement: () => Promise<T>): Promise<T> => {
    await nextTurn();
    return lane.outside(statement);
  };
  const wrapTransaction = (tx: Transaction, release: () => void): Transaction => ({
    provider: tx.provider,
    adapterName: tx.adapterName,
    options: tx.options,
    queryRaw: (q) => tx.queryRaw(q),
    executeRaw: (q) => tx.executeRaw(q),
    commit: () => tx.commit().finally(release),
    rollback: () => tx.rollback().finally(release),
    ...(tx.createSavepoint ? { createSavepoint: (name: string) => tx.createSavepoint!(name) } : {}),
    ...(tx.rollbackToSavepoint ? { rollbackToSavepoint: (name: string) => tx.rollbackToSavepoint!(name) } : {}),
    ...(tx.releaseSavepoint ? { releaseSavepoint: (name: string) => tx.releaseSavepoint!(name) } : {}),
  });

  const wrapAdapter = (adapter: Adapter): Adapter => ({
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (q) => outside(() => adapter.queryRaw(q)),
    executeRaw: (q) => outside(() => adapter.executeRaw(q)),
    executeScript: (script) => outside(() => adapter.executeScript(script)),
    startTransaction: async (isolation) => {
      await nextTurn();
      const release = await lane.hold();
      try {
        return wrapTransaction(await adapter.startTransaction(isolation), release);
      } catch (err) {
        release();
        throw err;
      }
    },
    ...(adapter.getConnectionInfo ? { getConnectionInfo: () => adapter.getConnectionInfo!() } : {}),
    dispose: () => adapter.dispose(),
  });

  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => {
      const adapter = await inner.connect();
      // The adapter keeps its better-sqlite3 handle in the public field `client`.
      onConnect((adapter as unknown as { client: Database.Database }).client);
      return wrapAdapter(adapter);
    },
  };
}
