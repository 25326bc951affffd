import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { searchTableOf, type AnyProjection } from './projection.js';
import { PROJECTIONS } from './projections/index.js';

export type ReadModelDatabase = Database.Database;

export const READ_MODELS_FILE = 'read-models.sqlite';

/** The tables every set of read models has besides one per projection. */
export const COUNTERS_TABLE = 'dashboard_counters';
export const CHECKPOINT_TABLE = 'projection_checkpoint';

export type TableSuffix = '' | '_next';

/** The layout of the tables themselves (document, summary, columns, checkpoint); the projections' shape is the fingerprint. */
const LAYOUT_VERSION = 4;

export function readModelsPath(dataDir: string): string {
  return join(dataDir, READ_MODELS_FILE);
}

/** Every read-model table of these projections, in a stable order. */
export function readModelTables(projections: readonly AnyProjection[] = PROJECTIONS): string[] {
  return [...projections.map((projection) => projection.name), COUNTERS_TABLE, CHECKPOINT_TABLE];
}

/**
 * What the read models of a database were built by: a change in a projection's version, its
 * columns or indexes makes the tables of another shape, rebuilt before they are served.
 */
export function schemaFingerprint(projections: readonly AnyProjection[] = PROJECTIONS): string {
  return JSON.stringify([
    LAYOUT_VERSION,
    ...projections.map((projection) => [
      projection.name,
      projection.version,
      Object.entries(projection.columns ?? {}).map(([name, column]) => [name, column.type, column.nullable === true]),
      projection.indexes ?? [],
      projection.summary !== undefined,
      projection.counters !== undefined,
      ...(projection.search ? ['search'] : []),
    ]),
  ]);
}

/**
 * Opens (creating the tables when there are none) the read-model database: WAL with
 * synchronous=NORMAL. A commit survives a killed process; only a power loss or OS crash can
 * drop the last commits, and then whole transactions, each holding its documents and the
 * checkpoint together, so the runner re-projects that tail from the event store (which stays
 * FULL): nothing acknowledged is lost, and a live batch costs no fsync of its own
 * (docs/benchmarks.md, "synchronous=NORMAL for the read models"). A short busy timeout keeps a rebuild's final swap from freezing the
 * service; writers retry on SQLITE_BUSY themselves. Tables of another shape are left as they
 * are: staleReason() names them and rebuildReadModels() replaces them.
 */
export function openReadModelDatabase(
  path: string,
  options: { busyTimeoutMs?: number; projections?: readonly AnyProjection[] } = {},
): ReadModelDatabase {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 200}`);
  db.pragma('cache_size = -65536');
  ensureSchema(db, '', { projections: options.projections });
  return db;
}

export function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED');
}

/** Why the read models of this database must be rebuilt before they are served, or null when they are current. */
export function staleReason(
  db: ReadModelDatabase,
  options: { projections?: readonly AnyProjection[]; source?: string } = {},
): string | null {
  if (db.pragma('user_version', { simple: true }) !== LAYOUT_VERSION) return 'are of an older shape';
  const row = db.prepare<[], { schema: string; source: string | null }>(`SELECT schema, source FROM ${CHECKPOINT_TABLE} WHERE id = 1`).get();
  if (!row) return 'have no checkpoint';
  if (row.schema !== schemaFingerprint(options.projections)) return 'are of another shape than the projections of this version';
  if (options.source && row.source && row.source !== options.source) {
    return `were built from the ${row.source} event store, not the ${options.source} one now configured`;
  }
  return null;
}

/**
 * Creates the tables with this suffix unless they exist. Index names carry a generation so a
 * rebuilt set never clashes with the live one. A rebuild leaves the secondary indexes out and
 * adds them once the bulk of the rows is in (createSecondaryIndexes), which is much faster.
 */
export function ensureSchema(
  db: ReadModelDatabase,
  suffix: TableSuffix,
  options: { secondaryIndexes?: boolean; projections?: readonly AnyProjection[]; source?: string } = {},
): void {
  const projections = options.projections ?? PROJECTIONS;
  const exists = () =>
    db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(`${CHECKPOINT_TABLE}${suffix}`) !== undefined;
  if (exists()) return;
  // IMMEDIATE: a deferred transaction that reads first cannot wait for another writer.
  db.transaction(() => {
    if (exists()) return;
    for (const projection of projections) {
      db.exec(projectionTableSql(projection, suffix));
      // The text is indexed in its matching form already; FTS5 folds case and Latin diacritics on top.
      if (projection.search) db.exec(`CREATE VIRTUAL TABLE ${searchTableOf(projection)}${suffix} USING fts5(text, tokenize = 'unicode61 remove_diacritics 2')`);
    }
    db.exec(`
      CREATE TABLE ${COUNTERS_TABLE}${suffix} (id INTEGER PRIMARY KEY CHECK (id = 1), counts TEXT NOT NULL);
      INSERT INTO ${COUNTERS_TABLE}${suffix} (id, counts) VALUES (1, '{}');
      CREATE TABLE ${CHECKPOINT_TABLE}${suffix} (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        position TEXT,
        events INTEGER NOT NULL,
        schema TEXT NOT NULL,
        source TEXT
      );
    `);
    db.prepare(`INSERT INTO ${CHECKPOINT_TABLE}${suffix} (id, position, events, schema, source) VALUES (1, NULL, 0, ?, ?)`).run(
      schemaFingerprint(projections),
      options.source ?? null,
    );
    if (suffix === '') db.pragma(`user_version = ${LAYOUT_VERSION}`);
    if (options.secondaryIndexes ?? true) createSecondaryIndexes(db, suffix, projections);
  }).immediate();
}

/**
 * A projection's table: `seq` (arrival order, the rowid) and `id` key the JSON document; the
 * declared columns come before it so that an index lookup reads them without touching a long
 * document's overflow pages.
 */
function projectionTableSql(projection: AnyProjection, suffix: TableSuffix): string {
  const columns = Object.entries(projection.columns ?? {}).map(
    ([name, column]) => `${name} ${column.type}${column.nullable ? '' : ' NOT NULL'}`,
  );
  return `CREATE TABLE ${projection.name}${suffix} (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    ${[...columns, 'summary TEXT', 'doc TEXT NOT NULL'].join(',\n    ')}
  );`;
}

export function createSecondaryIndexes(db: ReadModelDatabase, suffix: TableSuffix, projections: readonly AnyProjection[] = PROJECTIONS): void {
  const generation = randomBytes(4).toString('hex');
  for (const projection of projections) {
    for (const columns of projection.indexes ?? []) {
      db.exec(`CREATE INDEX ${projection.name}_${columns.join('_')}_${generation} ON ${projection.name}${suffix} (${columns.join(', ')})`);
    }
  }
}

/**
 * Every table with this suffix, whatever projections made it (old ones included). An FTS5
 * table's shadow tables (`x_next_data`, …) do not end in the suffix of their table: they are
 * left to it, dropped and renamed with it.
 */
export function dropTables(db: ReadModelDatabase, suffix: TableSuffix): void {
  const tables = db
    .prepare<[], string>(`SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual') AND name NOT LIKE 'sqlite_%'`)
    .pluck()
    .all()
    .filter((name) => (suffix === '_next' ? name.endsWith('_next') : !name.endsWith('_next')));
  for (const table of tables) db.exec(`DROP TABLE IF EXISTS "${table}"`);
}

export function setLayoutVersion(db: ReadModelDatabase): void {
  db.pragma(`user_version = ${LAYOUT_VERSION}`);
}
