import type { Statement } from 'better-sqlite3';
import { comparePositions, parsePosition, serializePosition, type Position, type RecordedEvent } from '#event-store';
import { CHECKPOINT_TABLE, COUNTERS_TABLE, type ReadModelDatabase, type TableSuffix } from './database.js';
import { matchingForm } from '#editorial';
import { counterAmounts, projectedEventOf, searchTableOf, type AnyProjection, type SqlValue } from './projection.js';
import { PROJECTIONS } from './projections/index.js';
import { WrittenIds } from './written-ids.js';

export interface Checkpoint {
  /** The last event applied (or skipped as handled by no projection); null before the first. */
  position: Position | null;
  /** Events some projection handled so far. */
  events: number;
}

/** An event a projection refused; the runner stops at it instead of skipping it. */
export class ProjectionFailedError extends Error {
  override readonly name = 'ProjectionFailedError';
  constructor(
    readonly event: Pick<RecordedEvent, 'id' | 'streamId' | 'type' | 'position'>,
    override readonly cause: unknown,
  ) {
    super(
      `Projection failed on ${event.type} ${event.id} in ${event.streamId} at ${serializePosition(event.position)}: ${
        cause instanceof Error ? cause.message : String(cause)
      }`,
    );
  }
}

export interface ReadModelWriterOptions {
  projections?: readonly AnyProjection[];
  /** The event store the events come from, recorded with the checkpoint (see staleReason). */
  source?: string;
  /**
   * The tables are new and empty and only this writer writes them (a rebuild's `*_next`): a
   * document it never wrote does not exist, so it is not looked up, and the documents of the
   * previous batch are kept in memory for the next instead of being read and parsed again.
   */
  freshTables?: boolean;
}

interface Tracked {
  /** The row holding the document, null while it has none. */
  seq: number | null;
  before: object | null;
  after: object | null;
}

interface Table {
  projection: AnyProjection;
  columns: [string, (document: object) => SqlValue | undefined][];
  load: Statement<[string], [seq: number, doc: string]>;
  /** (id, ...columns, summary, doc) */
  insert: Statement<SqlValue[]>;
  /** (...columns, summary, doc, seq) */
  update: Statement<SqlValue[]>;
  /** For a projection with `search`: replaces the indexed text of a row. */
  unindex?: Statement<[number]>;
  index?: Statement<[number, string]>;
  /** freshTables: what this writer wrote, and the documents of its last batch. */
  written?: WrittenIds;
  lastBatch?: Map<string, Tracked>;
}

/**
 * Applies events to one set of read-model tables. `apply` must run inside a transaction the
 * caller owns: it reads the checkpoint, skips what is already applied, folds the batch in
 * memory (each document read at most once) and writes each final document once, with the
 * counters and the new checkpoint, so one commit holds all of them.
 */
export class ReadModelWriter {
  private readonly tables: Table[];
  private readonly byType = new Map<string, Table[]>();
  private readonly readCheckpoint: Statement<[], { position: string | null; events: number }>;
  private readonly writeCheckpoint: Statement<[string | null, number, string | null]>;
  private readonly readCounters: Statement<[], string>;
  private readonly writeCounters: Statement<[string]>;
  private readonly source: string | null;
  private readonly applyTransaction;

  constructor(db: ReadModelDatabase, suffix: TableSuffix = '', options: ReadModelWriterOptions = {}) {
    const s = suffix;
    this.tables = (options.projections ?? PROJECTIONS).map((projection) => {
      const columns = Object.entries(projection.columns ?? {}).map(([name, column]) => [name, column.value] as Table['columns'][number]);
      const names = ['id', ...columns.map(([name]) => name), 'summary', 'doc'];
      return {
        projection,
        columns,
        load: db.prepare<[string], [number, string]>(`SELECT seq, doc FROM ${projection.name}${s} WHERE id = ?`).raw(),
        insert: db.prepare<SqlValue[]>(`INSERT INTO ${projection.name}${s} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`),
        update: db.prepare<SqlValue[]>(`UPDATE ${projection.name}${s} SET ${names.slice(1).map((name) => `${name} = ?`).join(', ')} WHERE seq = ?`),
        ...(projection.search
          ? {
              unindex: db.prepare<[number]>(`DELETE FROM ${searchTableOf(projection)}${s} WHERE rowid = ?`),
              index: db.prepare<[number, string]>(`INSERT INTO ${searchTableOf(projection)}${s} (rowid, text) VALUES (?, ?)`),
            }
          : {}),
        ...(options.freshTables ? { written: new WrittenIds(), lastBatch: new Map<string, Tracked>() } : {}),
      };
    });
    for (const table of this.tables) {
      for (const type of table.projection.handles) this.byType.set(type, [...(this.byType.get(type) ?? []), table]);
    }
    this.readCheckpoint = db.prepare(`SELECT position, events FROM ${CHECKPOINT_TABLE}${s} WHERE id = 1`);
    this.writeCheckpoint = db.prepare(
      `UPDATE ${CHECKPOINT_TABLE}${s} SET position = ?, events = ?, source = coalesce(source, ?) WHERE id = 1`,
    );
    this.readCounters = db.prepare<[], string>(`SELECT counts FROM ${COUNTERS_TABLE}${s} WHERE id = 1`).pluck();
    this.writeCounters = db.prepare(`UPDATE ${COUNTERS_TABLE}${s} SET counts = ? WHERE id = 1`);
    this.source = options.source ?? null;
    this.applyTransaction = db.transaction((events: readonly RecordedEvent[]) => this.apply(events));
  }

  checkpoint(): Checkpoint {
    const row = this.readCheckpoint.get();
    if (!row) throw new Error('Read-model checkpoint row missing');
    return { position: row.position === null ? null : parsePosition(row.position), events: row.events };
  }

  /** apply() in its own write transaction. */
  applyInTransaction(events: readonly RecordedEvent[]): Checkpoint {
    return this.applyTransaction.immediate(events);
  }

  /** Throws ProjectionFailedError for the first event a projection refuses. */
  apply(events: readonly RecordedEvent[]): Checkpoint {
    try {
      return this.applyBatch(events);
    } catch (error) {
      // The caller's transaction rolls back what this batch wrote: what it kept in memory goes too.
      for (const table of this.tables) table.lastBatch?.clear();
      throw error;
    }
  }

  private loaded(table: Table, id: string): Tracked {
    const kept = table.lastBatch?.get(id);
    if (kept) return { seq: kept.seq, before: kept.after, after: kept.after };
    if (table.written && !table.written.mayHave(id)) return { seq: null, before: null, after: null };
    const row = table.load.get(id);
    const before = row === undefined ? null : (JSON.parse(row[1]) as object);
    return { seq: row?.[0] ?? null, before, after: before };
  }

  private applyBatch(events: readonly RecordedEvent[]): Checkpoint {
    const checkpoint = this.checkpoint();
    const documents = new Map<Table, Map<string, Tracked>>(this.tables.map((table) => [table, new Map()]));

    for (const recorded of events) {
      if (checkpoint.position && comparePositions(recorded.position, checkpoint.position) <= 0) continue;
      checkpoint.position = recorded.position;
      const tables = this.byType.get(recorded.type);
      if (!tables) continue;
      checkpoint.events += 1;
      try {
        const event = projectedEventOf(recorded);
        for (const table of tables) {
          const tracked = documents.get(table)!;
          for (const id of table.projection.idsOf(event)) {
            let document = tracked.get(id);
            if (!document) {
              document = this.loaded(table, id);
              tracked.set(id, document);
            }
            document.after = table.projection.evolve(document.after, event) as object;
          }
        }
      } catch (error) {
        throw new ProjectionFailedError(recorded, error);
      }
    }

    const counters = new Map<string, number>();
    for (const [table, tracked] of documents) {
      const { projection } = table;
      for (const [id, document] of tracked) {
        const { before, after } = document;
        if (!after || after === before) continue;
        const values: SqlValue[] = [];
        for (const [, value] of table.columns) values.push(value(after) ?? null);
        const summary = projection.summary?.(after) ?? null;
        values.push(summary === null ? null : JSON.stringify(summary), JSON.stringify(after));
        if (document.seq === null) {
          document.seq = Number(table.insert.run(id, ...values).lastInsertRowid);
        } else {
          table.update.run(...values, document.seq);
        }
        if (projection.search && table.index && table.unindex) {
          const text = projection.search(after);
          if (!before || projection.search(before) !== text) {
            if (before) table.unindex.run(document.seq);
            table.index.run(document.seq, matchingForm(text));
          }
        }
        table.written?.add(id);
        if (projection.counters) {
          if (before) for (const [name, amount] of counterAmounts(projection, before)) counters.set(name, (counters.get(name) ?? 0) - amount);
          for (const [name, amount] of counterAmounts(projection, after)) counters.set(name, (counters.get(name) ?? 0) + amount);
        }
      }
    }
    for (const [table, tracked] of documents) if (table.lastBatch) table.lastBatch = tracked;
    if ([...counters.values()].some((change) => change !== 0)) {
      const counts = JSON.parse(this.readCounters.get()!) as Record<string, number>;
      for (const [name, change] of counters) counts[name] = (counts[name] ?? 0) + change;
      // One small row the dashboard reads whole; names sorted and zeros left out, so it reads
      // the same however the events were batched.
      const kept = Object.keys(counts)
        .filter((name) => counts[name] !== 0)
        .sort()
        .map((name) => [name, counts[name]]);
      this.writeCounters.run(JSON.stringify(Object.fromEntries(kept)));
    }
    this.writeCheckpoint.run(checkpoint.position ? serializePosition(checkpoint.position) : null, checkpoint.events, this.source);
    return checkpoint;
  }
}
