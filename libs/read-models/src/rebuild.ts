import { comparePositions, parsePosition, type EventStore, type Position } from '#event-store';
import {
  createSecondaryIndexes,
  dropTables,
  ensureSchema,
  setLayoutVersion,
  staleReason,
  type ReadModelDatabase,
} from './database.js';
import type { AnyProjection } from './projection.js';
import { PROJECTIONS } from './projections/index.js';
import { ReadModelWriter } from './read-model-writer.js';

export interface RebuildProgress {
  /** Events read from the store so far. */
  events: number;
  position: Position | null;
}

export interface RebuildOptions {
  projections?: readonly AnyProjection[];
  /** Names the event store the rebuilt read models come from (see staleReason). */
  source?: string;
  /** Events read and folded per transaction while building. */
  pageSize?: number;
  /** Pause before retrying the final swap when another writer holds the database. */
  busyRetryMs?: number;
  onProgress?(progress: RebuildProgress): void;
}

export interface RebuildResult {
  /** Events read from the store (handled by a projection or not). */
  eventsRead: number;
  position: Position | null;
}

/**
 * Rebuilds every read model from the first event into `*_next` tables while the live ones
 * keep answering, then, in ONE write transaction, applies the events that arrived meanwhile,
 * drops the old tables (whatever their shape) and renames the new ones over them. Each page
 * of the log is folded in memory and each document written once per page. A runner working
 * on the same file (in this process or another) reads the checkpoint inside its own
 * transaction, so it simply skips what the rebuild already applied. Killed before the swap,
 * it leaves the old read models serving and only `*_next` tables behind, dropped by the next
 * rebuild.
 */
export async function rebuildReadModels(store: EventStore, db: ReadModelDatabase, options: RebuildOptions = {}): Promise<RebuildResult> {
  const pageSize = options.pageSize ?? 2000;
  const projections = options.projections ?? PROJECTIONS;
  dropTables(db, '_next');
  ensureSchema(db, '_next', { secondaryIndexes: false, projections, source: options.source });
  const next = new ReadModelWriter(db, '_next', { projections, source: options.source, freshTables: true });
  let eventsRead = 0;
  let after = next.checkpoint().position;

  const catchUp = async (inTransaction: boolean): Promise<void> => {
    for (;;) {
      const page = await store.readAll({ ...(after ? { after } : {}), maxCount: pageSize });
      if (page.events.length > 0) {
        const checkpoint = inTransaction ? next.apply(page.events) : next.applyInTransaction(page.events);
        eventsRead += page.events.length;
        after = checkpoint.position;
        options.onProgress?.({ events: eventsRead, position: checkpoint.position });
      }
      if (page.isEnd || page.events.length === 0) return;
    }
  };

  // Until the swap nothing depends on the `_next` tables (losing them means rebuilding again),
  // so their commits skip the fsync. NORMAL, not OFF: in WAL mode it still syncs checkpoints,
  // which also carry the live tables' pages.
  const synchronous = db.pragma('synchronous', { simple: true }) as number;
  db.pragma('synchronous = NORMAL');
  try {
    await catchUp(false);
    createSecondaryIndexes(db, '_next', projections);
  } finally {
    db.pragma(`synchronous = ${synchronous}`);
  }
  await beginImmediate(db, options.busyRetryMs ?? 20);
  let position: Position | null;
  try {
    after = next.checkpoint().position;
    await catchUp(true);
    position = next.checkpoint().position;
    dropTables(db, '');
    // An FTS5 table renames its shadow tables with it.
    const built = db
      .prepare<[], string>(`SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual') AND name LIKE '%\\_next' ESCAPE '\\'`)
      .pluck()
      .all();
    for (const table of built) db.exec(`ALTER TABLE "${table}" RENAME TO "${table.slice(0, -'_next'.length)}"`);
    setLayoutVersion(db);
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
  return { eventsRead, position };
}

export interface RebuildIfStaleOptions extends Omit<RebuildOptions, 'onProgress'> {
  logger?: { log(message: string, context?: Record<string, unknown>): void };
}

/**
 * Before serving: read models of an older shape, or built from another event store, are
 * rebuilt (never projected on top of). Returns why they were rebuilt, or null when they were
 * current. Read models ahead of the store's head came from another log too.
 */
export async function rebuildIfStale(store: EventStore, db: ReadModelDatabase, options: RebuildIfStaleOptions = {}): Promise<string | null> {
  let reason = staleReason(db, options);
  if (!reason) {
    const position = db.prepare<[], string | null>(`SELECT position FROM projection_checkpoint WHERE id = 1`).pluck().get();
    const head = await store.headPosition();
    if (position && (!head || comparePositions(head, parsePosition(position)) < 0)) reason = 'are ahead of the event store (built from another log)';
  }
  if (!reason) return null;
  options.logger?.log(`The read models ${reason}: rebuilding them before serving`, { reason });
  const started = performance.now();
  const result = await rebuildReadModels(store, db, options);
  options.logger?.log('Read models rebuilt', { events: result.eventsRead, ms: Math.round(performance.now() - started) });
  return reason;
}

async function beginImmediate(db: ReadModelDatabase, retryMs: number): Promise<void> {
  for (;;) {
    try {
      db.exec('BEGIN IMMEDIATE');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  }
}
