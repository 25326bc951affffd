import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { serializeAppend, type SerializedEvent } from '../append-validation.js';
import { ForeignPositionError, StreamDeletedError, StreamNotFoundError, WrongExpectedRevisionError } from '../errors.js';
import type {
  AppendResult,
  EventMetadata,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  Position,
  ReadAllOptions,
  ReadAllPage,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
  Subscription,
} from '../event-store.port.js';
import { SqliteSubscription } from './sqlite-subscription.js';

export const SQLITE_EVENTS_FILE = 'events.sqlite';

export interface SqliteEventStoreOptions {
  /** How often subscriptions look for events appended by another process. */
  pollIntervalMs?: number;
  /** How long a writer waits for another process's write lock before failing. */
  busyTimeoutMs?: number;
}

export type OpenSqliteEventStoreOptions = ({ path: string } | { dataDir: string }) & SqliteEventStoreOptions;

/** Opens (creating if needed) the event store file: `path`, or `events.sqlite` in `dataDir`. */
export function openSqliteEventStore(options: OpenSqliteEventStoreOptions): SqliteEventStore {
  const path = 'path' in options ? options.path : join(options.dataDir, SQLITE_EVENTS_FILE);
  mkdirSync(dirname(path), { recursive: true });
  return new SqliteEventStore(path, options);
}

const EVENTS_TABLE = (name: string): string => `
    CREATE TABLE IF NOT EXISTS ${name} (
      position INTEGER PRIMARY KEY,
      id TEXT NOT NULL,
      stream_id TEXT NOT NULL,
      revision INTEGER NOT NULL,
      type TEXT NOT NULL,
      data TEXT NOT NULL,
      metadata TEXT NOT NULL,
      recorded_at INTEGER NOT NULL,
      UNIQUE (stream_id, revision)
    )`;

/**
 * The pragmas and schema of the store; the benchmark's store-schema baseline uses the very same.
 * Event ids are not indexed: a UNIQUE index on random (v4) ids puts every event of an append in
 * a different B-tree page, which halved the rate of 10-event appends. Ids are checked where a
 * retry can meet them, in the stream (see SqliteEventStore), as EventStoreDB does.
 */
export function prepareSqliteEventsDatabase(db: Database.Database, busyTimeoutMs = 5000): void {
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  db.pragma('journal_mode = WAL');
  // FULL fsyncs the WAL on every commit: an acknowledged append survives power loss, not just a crash.
  db.pragma('synchronous = FULL');
  db.exec(`
    ${EVENTS_TABLE('events')};
    CREATE TABLE IF NOT EXISTS deleted_streams (
      stream_id TEXT PRIMARY KEY,
      deleted_at INTEGER NOT NULL
    ) WITHOUT ROWID;
  `);
  if (hasUniqueIdIndex(db)) dropUniqueIdIndex(db);
}

function hasUniqueIdIndex(db: Database.Database): boolean {
  const indexes = db.prepare<[], { name: string; unique: number }>("SELECT name, \"unique\" FROM pragma_index_list('events')").all();
  return indexes.some(
    (index) =>
      index.unique === 1 &&
      db
        .prepare<[string], { name: string }>('SELECT name FROM pragma_index_info(?)')
        .all(index.name)
        .map((column) => column.name)
        .join(',') === 'id',
  );
}

/**
 * Files written before the index was dropped carry it as part of the table (an inline UNIQUE):
 * the table is copied once, positions kept, under the write lock, so that a second process
 * opening the file at the same time finds the work done.
 */
function dropUniqueIdIndex(db: Database.Database): void {
  db.transaction(() => {
    if (!hasUniqueIdIndex(db)) return;
    db.exec(`
      ${EVENTS_TABLE('events_without_id_index')};
      INSERT INTO events_without_id_index (position, id, stream_id, revision, type, data, metadata, recorded_at)
        SELECT position, id, stream_id, revision, type, data, metadata, recorded_at FROM events ORDER BY position;
      DROP TABLE events;
      ALTER TABLE events_without_id_index RENAME TO events;
    `);
  }).immediate();
}

type EventRow = [position: number, id: string, streamId: string, revision: number, type: string, data: string, metadata: string, recordedAt: number];

interface QueuedWrite {
  write(): AppendResult | void;
  resolve(value: AppendResult | void): void;
  reject(error: unknown): void;
}

/** How many of a stream's last events a re-sent `any` / `stream_exists` append is looked for among. */
const RETRY_LOOKBACK = 64;

const EVENT_COLUMNS = 'position, id, stream_id, revision, type, data, metadata, recorded_at';

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row[1],
    streamId: row[2],
    type: row[4],
    data: JSON.parse(row[5]) as unknown,
    metadata: JSON.parse(row[6]) as EventMetadata,
    revision: BigInt(row[3]),
    position: positionOf(row[0]),
    recordedAt: new Date(row[7]),
  };
}

function positionOf(sequence: number): Position {
  return { commit: BigInt(sequence), prepare: BigInt(sequence) };
}

function sequenceOf(position: Position): number {
  if (position.commit !== position.prepare || position.commit < 0n) throw new ForeignPositionError(position);
  return Number(position.commit);
}

/**
 * The embedded event store: one SQLite file in WAL mode. Appends queue up and are committed
 * together (group commit): everything issued before the queue is flushed shares one transaction
 * and one fsync, each append inside its own savepoint so that a failed expectation undoes only
 * that append. Positions are the rowid of a table no row is ever deleted from: max + 1, taken under
 * the write lock, so they follow commit order without gaps, whichever process writes.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly pollIntervalMs: number;
  private queue: QueuedWrite[] = [];
  private flushScheduled = false;
  private closed = false;
  private closing: Promise<void> | null = null;
  private committedTransactions = 0;
  private readonly subscriptions = new Set<SqliteSubscription>();
  private readonly statements: ReturnType<SqliteEventStore['prepareStatements']>;

  constructor(
    readonly path: string,
    options: SqliteEventStoreOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.db = new Database(path);
    prepareSqliteEventsDatabase(this.db, options.busyTimeoutMs);
    this.statements = this.prepareStatements();
  }

  private prepareStatements() {
    const db = this.db;
    return {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT append'),
      release: db.prepare('RELEASE append'),
      rollbackToSavepoint: db.prepare('ROLLBACK TO append'),
      streamState: db
        .prepare<[string, string], [number | null, number]>(
          `SELECT (SELECT revision FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1),
                  EXISTS (SELECT 1 FROM deleted_streams WHERE stream_id = ?)`,
        )
        .raw(),
      insertEvent: db.prepare<[string, string, number, string, string, string, number]>(
        'INSERT INTO events (id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      insertTombstone: db.prepare<[string, number]>('INSERT INTO deleted_streams (stream_id, deleted_at) VALUES (?, ?)'),
      readStream: db
        .prepare<[string, number, number], EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`)
        .raw(),
      readAll: db.prepare<[number, number], EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`).raw(),
      idsFrom: db.prepare<[string, number, number], [string, number, number]>('SELECT id, revision, position FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?').raw(),
      lastIds: db.prepare<[string, number], [string, number, number]>('SELECT id, revision, position FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT ?').raw(),
      head: db.prepare<[], [number]>('SELECT max(position) FROM events').raw(),
    };
  }

  /** Write transactions committed by this instance; shows how appends were grouped. */
  get commitCount(): number {
    return this.committedTransactions;
  }

  appendToStream(streamId: string, events: EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) return Promise.reject(new RangeError('appendToStream needs at least one event'));
    const recordedAt = Date.now();
    let rows: SerializedEvent[];
    try {
      rows = serializeAppend(streamId, events);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return this.enqueue(() => {
      let current: number | null;
      try {
        current = this.currentRevision(streamId, expectedRevision);
      } catch (error) {
        // Only a mismatch can be a retry of an exact or no_stream append: the common path pays nothing.
        const retried = error instanceof WrongExpectedRevisionError ? this.alreadyAppended(streamId, rows, expectedRevision) : undefined;
        if (retried) return retried;
        throw error;
      }
      if (expectedRevision === 'any' || expectedRevision === 'stream_exists') {
        const retried = this.alreadyAppended(streamId, rows, expectedRevision);
        if (retried) return retried;
      }
      let revision = current ?? -1;
      let position = 0;
      for (const { id, type, data, metadata } of rows) {
        revision += 1;
        position = Number(this.statements.insertEvent.run(id, streamId, revision, type, data, metadata, recordedAt).lastInsertRowid);
      }
      return { nextExpectedRevision: BigInt(revision), position: positionOf(position) };
    }) as Promise<AppendResult>;
  }

  deleteStream(streamId: string, expectedRevision: ExpectedRevision): Promise<void> {
    return this.enqueue(() => {
      const current = this.currentRevision(streamId, expectedRevision);
      if (current === null) throw new StreamNotFoundError(streamId);
      this.statements.insertTombstone.run(streamId, Date.now());
    }) as Promise<void>;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    if (this.lastRevision(streamId) === null) throw new StreamNotFoundError(streamId);
    const rows = this.statements.readStream.all(streamId, Number(options.fromRevision ?? 0n), options.maxCount ?? -1);
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllPage> {
    return this.readAllNow(options);
  }

  /** Synchronous page read, for subscriptions. */
  readAllNow(options: ReadAllOptions = {}): ReadAllPage {
    this.assertOpen();
    const maxCount = options.maxCount ?? 1000;
    const rows = this.statements.readAll.all(options.after ? sequenceOf(options.after) : 0, maxCount + 1);
    const isEnd = rows.length <= maxCount;
    if (!isEnd) rows.pop();
    return { events: rows.map(toRecordedEvent), isEnd };
  }

  async headPosition(): Promise<Position | null> {
    this.assertOpen();
    const [head] = this.statements.head.get()!;
    return head === null ? null : positionOf(head);
  }

  subscribeToAll(options: SubscribeToAllOptions): Subscription {
    if (this.closing) throw new Error('The event store is closed');
    const subscription = new SqliteSubscription(this, options, this.pollIntervalMs, () => this.subscriptions.delete(subscription));
    this.subscriptions.add(subscription);
    subscription.start();
    return subscription;
  }

  /** Stops the subscriptions (their handlers may still append), commits what is queued, then closes the file. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
      this.flush();
      this.closed = true;
      this.db.close();
    })();
    return this.closing;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The event store is closed');
  }

  /**
   * A re-sent append (same ids, same expected revision) is answered with its first outcome and
   * not written again, as EventStoreDB does: with an exact revision or no_stream, when the ids
   * are the events right after it; with any or stream_exists, when they are among the stream's
   * last events (a bounded look, best effort like the server's recent-commit cache).
   */
  private alreadyAppended(streamId: string, rows: SerializedEvent[], expected: ExpectedRevision): AppendResult | undefined {
    let stored: [string, number, number][];
    if (expected === 'no_stream' || typeof expected === 'bigint') {
      const from = expected === 'no_stream' ? 0 : Number(expected) + 1;
      stored = this.statements.idsFrom.all(streamId, from, rows.length);
    } else {
      const tail = this.statements.lastIds.all(streamId, rows.length + RETRY_LOOKBACK).reverse();
      const start = tail.findIndex(([id]) => id === rows[0].id);
      stored = start === -1 ? [] : tail.slice(start, start + rows.length);
    }
    if (stored.length !== rows.length || stored.some(([id], index) => id !== rows[index].id)) return undefined;
    if (this.lastRevision(streamId) === null) return undefined;
    const [, revision, position] = stored[stored.length - 1];
    return { nextExpectedRevision: BigInt(revision), position: positionOf(position) };
  }

  /** The stream's last revision, null when it has no events. @throws StreamDeletedError */
  private lastRevision(streamId: string): number | null {
    const [current, deleted] = this.statements.streamState.get(streamId, streamId)!;
    if (deleted) throw new StreamDeletedError(streamId);
    return current;
  }

  /** Checks the expectation against the stream as it is inside the current transaction. */
  private currentRevision(streamId: string, expected: ExpectedRevision): number | null {
    const current = this.lastRevision(streamId);
    const matches =
      expected === 'any' ||
      (expected === 'no_stream' && current === null) ||
      (expected === 'stream_exists' && current !== null) ||
      (typeof expected === 'bigint' && current !== null && BigInt(current) === expected);
    if (!matches) throw new WrongExpectedRevisionError(streamId, expected, current === null ? 'no_stream' : BigInt(current));
    return current;
  }

  private enqueue(write: QueuedWrite['write']): Promise<AppendResult | void> {
    if (this.closed) return Promise.reject(new Error('The event store is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ write, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // setImmediate runs after the current I/O phase: every write issued by the requests handled in it joins this commit.
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    const { begin, commit, rollback } = this.statements;
    let outcomes: Outcome[];
    try {
      begin.run();
      // A lone write needs no savepoint: if it fails, the whole transaction is rolled back.
      outcomes = batch.length === 1 ? [attempt(batch[0])] : batch.map((queued) => this.attemptInSavepoint(queued));
      if (outcomes.some((outcome) => outcome.ok)) {
        commit.run();
        this.committedTransactions += 1;
      } else {
        rollback.run();
      }
    } catch (error) {
      if (this.db.inTransaction) rollback.run();
      for (const queued of batch) queued.reject(error);
      return;
    }
    batch.forEach((queued, index) => {
      const outcome = outcomes[index];
      if (outcome.ok) queued.resolve(outcome.value);
      else queued.reject(outcome.error);
    });
    for (const subscription of this.subscriptions) subscription.wake();
  }

  private attemptInSavepoint(queued: QueuedWrite): Outcome {
    const { savepoint, release, rollbackToSavepoint } = this.statements;
    savepoint.run();
    const outcome = attempt(queued);
    if (!outcome.ok) rollbackToSavepoint.run();
    release.run();
    return outcome;
  }
}

type Outcome = { ok: true; value: AppendResult | void } | { ok: false; error: unknown };

function attempt(queued: QueuedWrite): Outcome {
  try {
    return { ok: true, value: queued.write() };
  } catch (error) {
    return { ok: false, error };
  }
}
