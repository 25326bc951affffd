import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type ReadModelDatabase = Database.Database;

export const READ_MODELS_FILE = 'read-models.sqlite';

/** Every read-model table; a rebuild writes `<name>_next` and renames them over these in one transaction. */
export const READ_MODEL_TABLES = [
  'articles',
  'claims',
  'claim_history',
  'article_history',
  'dashboard_counters',
  'projection_checkpoint',
] as const;

export type TableSuffix = '' | '_next';

/** Raise when a table changes: a database of another version is dropped and projected again. */
const SCHEMA_VERSION = 2;

export function readModelsPath(dataDir: string): string {
  return join(dataDir, READ_MODELS_FILE);
}

/**
 * Opens (creating if needed) the read-model database: WAL with synchronous=FULL so a
 * checkpoint is never acknowledged before it is on disk. A short busy timeout keeps a
 * rebuild's final swap from freezing the service; writers retry on SQLITE_BUSY themselves.
 */
export function openReadModelDatabase(path: string, options: { busyTimeoutMs?: number } = {}): ReadModelDatabase {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 200}`);
  db.pragma('cache_size = -65536');
  if (db.pragma('user_version', { simple: true }) !== SCHEMA_VERSION) {
    // Tables of another layout: drop them; the runner projects the whole log again from position 0.
    db.transaction(() => {
      dropTables(db, '');
      dropTables(db, '_next');
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }).immediate();
  }
  ensureSchema(db, '');
  return db;
}

export function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED');
}

/**
 * Creates the tables with this suffix unless they exist. Index names carry a generation so a
 * rebuilt set never clashes with the live one. A rebuild leaves the secondary indexes out and
 * adds them once the bulk of the rows is in (createSecondaryIndexes), which is much faster.
 */
export function ensureSchema(db: ReadModelDatabase, suffix: TableSuffix, options: { secondaryIndexes?: boolean } = {}): void {
  const exists = () =>
    db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(`projection_checkpoint${suffix}`) !== undefined;
  if (exists()) return;
  // IMMEDIATE: a deferred transaction that reads first cannot wait for another writer.
  db.transaction(() => {
    if (exists()) return;
    db.exec(tablesSql(suffix));
    if (options.secondaryIndexes ?? true) createSecondaryIndexes(db, suffix);
  }).immediate();
}

export function createSecondaryIndexes(db: ReadModelDatabase, s: TableSuffix): void {
  const g = randomBytes(4).toString('hex');
  db.exec(`
    CREATE UNIQUE INDEX articles_seq_${g} ON articles${s} (seq);
    CREATE INDEX articles_status_${g} ON articles${s} (status, seq);
    CREATE UNIQUE INDEX claims_seq_${g} ON claims${s} (seq);
    CREATE INDEX claims_verdict_${g} ON claims${s} (verdict, seq);
    CREATE INDEX claims_article_${g} ON claims${s} (article_id, seq);
    CREATE INDEX claims_disproven_${g} ON claims${s} (later_disproven, seq);
  `);
}

export function dropTables(db: ReadModelDatabase, suffix: TableSuffix): void {
  for (const table of READ_MODEL_TABLES) db.exec(`DROP TABLE IF EXISTS ${table}${suffix}`);
}

function tablesSql(s: TableSuffix): string {
  return `
    CREATE TABLE articles${s} (
      id TEXT PRIMARY KEY,
      seq INTEGER NOT NULL,
      title TEXT NOT NULL,
      body TEXT NOT NULL,
      language TEXT NOT NULL,
      byline TEXT,
      source TEXT,
      author_id TEXT,
      status TEXT NOT NULL,
      version INTEGER NOT NULL,
      target_languages TEXT NOT NULL,
      pending_claims INTEGER NOT NULL,
      missing_translations TEXT NOT NULL,
      correction_needed INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      published_at TEXT,
      translations TEXT NOT NULL,
      claim_states TEXT NOT NULL
    );

    CREATE TABLE claims${s} (
      id TEXT PRIMARY KEY,
      seq INTEGER NOT NULL,
      article_id TEXT NOT NULL,
      quote TEXT NOT NULL,
      start_offset INTEGER NOT NULL,
      end_offset INTEGER NOT NULL,
      claimant TEXT,
      claimed_at TEXT,
      status TEXT NOT NULL,
      verdict TEXT NOT NULL,
      later_disproven INTEGER NOT NULL,
      verdicts TEXT NOT NULL
    );

    CREATE TABLE claim_history${s} (
      claim_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      at TEXT NOT NULL,
      start_offset INTEGER NOT NULL,
      end_offset INTEGER NOT NULL,
      status TEXT NOT NULL,
      verdict_count INTEGER NOT NULL,
      later_disproven INTEGER NOT NULL,
      PRIMARY KEY (claim_id, seq)
    ) WITHOUT ROWID;

    CREATE TABLE article_history${s} (
      article_id TEXT NOT NULL,
      version INTEGER NOT NULL,
      type TEXT NOT NULL,
      at TEXT NOT NULL,
      by TEXT,
      data TEXT NOT NULL,
      PRIMARY KEY (article_id, version)
    ) WITHOUT ROWID;

    CREATE TABLE dashboard_counters${s} (
      name TEXT PRIMARY KEY,
      value INTEGER NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE projection_checkpoint${s} (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      position TEXT,
      events INTEGER NOT NULL
    );
    INSERT INTO projection_checkpoint${s} (id, position, events) VALUES (1, NULL, 0);
  `;
}
