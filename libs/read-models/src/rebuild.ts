import type { EventStore, Position } from '#event-store';
import { createSecondaryIndexes, dropTables, ensureSchema, READ_MODEL_TABLES, type ReadModelDatabase } from './database.js';
import { ReadModelWriter } from './read-model-writer.js';

export interface RebuildOptions {
  /** Events read and applied per transaction while building. */
  pageSize?: number;
  /** Pause before retrying the final swap when another writer holds the database. */
  busyRetryMs?: number;
  onProgress?(progress: { events: number; position: Position | null }): void;
}

export interface RebuildResult {
  /** Events read from the store (article events and others). */
  eventsRead: number;
  position: Position | null;
}

/**
 * Rebuilds every read model from the first event into `*_next` tables while the live ones
 * keep answering, then, in ONE write transaction, applies the events that arrived meanwhile
 * and renames the new tables over the old. A runner working on the same file (in this
 * process or another) reads the checkpoint inside its own transaction, so it simply skips
 * what the rebuild already applied.
 */
export async function rebuildReadModels(
  store: EventStore,
  db: ReadModelDatabase,
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  const pageSize = options.pageSize ?? 2000;
  dropTables(db, '_next');
  ensureSchema(db, '_next', { secondaryIndexes: false });
  const next = new ReadModelWriter(db, '_next');
  let eventsRead = 0;

  const catchUp = async (inTransaction: boolean): Promise<void> => {
    for (;;) {
      const after = next.checkpoint().position;
      const page = await store.readAll({ ...(after ? { after } : {}), maxCount: pageSize });
      if (page.events.length > 0) {
        const checkpoint = inTransaction ? next.apply(page.events) : next.applyInTransaction(page.events);
        eventsRead += page.events.length;
        options.onProgress?.({ events: eventsRead, position: checkpoint.position });
      }
      if (page.isEnd || page.events.length === 0) return;
    }
  };

  // Until the swap nothing depends on the `_next` tables (losing them means rebuilding again),
  // so their commits skip the fsync. NORMAL, not OFF: in WAL mode it still syncs checkpoints,
  // which also carry the live tables' pages. The swap itself is a durable (FULL) commit.
  const synchronous = db.pragma('synchronous', { simple: true }) as number;
  db.pragma('synchronous = NORMAL');
  try {
    await catchUp(false);
    createSecondaryIndexes(db, '_next');
  } finally {
    db.pragma(`synchronous = ${synchronous}`);
  }
  await beginImmediate(db, options.busyRetryMs ?? 20);
  let position: Position | null;
  try {
    await catchUp(true);
    position = next.checkpoint().position;
    dropTables(db, '');
    for (const table of READ_MODEL_TABLES) db.exec(`ALTER TABLE ${table}_next RENAME TO ${table}`);
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
  return { eventsRead, position };
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
