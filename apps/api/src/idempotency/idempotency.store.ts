import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const IDEMPOTENCY_FILE = 'api.sqlite';
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const PURGE_EVERY_MS = 60 * 1000;
/**
 * Longer than any request runs (its read-your-writes wait and the event store's append deadlines
 * and recovery rounds included): a key pending longer was left by a process that died, perhaps
 * another one sharing this DATA_DIR that has not reopened the file since.
 */
export const ABANDONED_AFTER_MS = 2 * 60 * 1000;

export interface IdempotentRequest {
  userId: string;
  key: string;
  method: string;
  path: string;
  fingerprint: string;
}

export interface StoredResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export type Claim =
  /** `recover`: the key was left running by a crash or a late confirmation, so its events may be stored already. */
  | { outcome: 'execute'; recover: boolean }
  | { outcome: 'replay'; response: StoredResponse }
  | { outcome: 'mismatch' }
  | { outcome: 'in_progress' };

interface Row {
  method: string;
  path: string;
  fingerprint: string;
  state: 'pending' | 'done';
  in_doubt: number;
  status: number | null;
  body: string | null;
  headers: string | null;
  created_at: number;
}

/**
 * Idempotency keys in DATA_DIR/api.sqlite, durable before the response leaves (WAL,
 * synchronous=FULL). A key is claimed (pending) while its request runs, so a concurrent
 * duplicate is told so instead of running twice; a completed response (success or refusal) is
 * kept. A pending key whose request may have written without recording its response (the
 * process died, or the read models confirmed too late) is in doubt: the next claim takes it over
 * and is told to recover.
 */
export class IdempotencyStore {
  private readonly db: Database.Database;
  private lastPurge = 0;
  private readonly statements;

  constructor(dataDir: string, private readonly now: () => number = Date.now) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, IDEMPOTENCY_FILE));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS idempotency_keys (
        user_id TEXT NOT NULL,
        key TEXT NOT NULL,
        method TEXT NOT NULL,
        path TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'done')),
        status INTEGER,
        body TEXT,
        headers TEXT,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (user_id, key)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS idempotency_keys_created_at ON idempotency_keys (created_at);
    `);
    const columns = this.db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('idempotency_keys')`).all();
    if (!columns.some((column) => column.name === 'in_doubt')) this.db.exec(`ALTER TABLE idempotency_keys ADD COLUMN in_doubt INTEGER NOT NULL DEFAULT 0`);
    // A pending key outlives only a crash of the process that claimed it, which may have appended first.
    this.db.exec(`UPDATE idempotency_keys SET in_doubt = 1 WHERE state = 'pending'`);
    this.statements = {
      find: this.db.prepare<[string, string], Row>(`SELECT * FROM idempotency_keys WHERE user_id = ? AND key = ?`),
      claim: this.db.prepare<[string, string, string, string, string, number]>(
        `INSERT INTO idempotency_keys (user_id, key, method, path, fingerprint, state, created_at) VALUES (?, ?, ?, ?, ?, 'pending', ?)`,
      ),
      complete: this.db.prepare<[number, string, string, string, string]>(
        `UPDATE idempotency_keys SET state = 'done', status = ?, body = ?, headers = ? WHERE user_id = ? AND key = ? AND state = 'pending'`,
      ),
      doubt: this.db.prepare<[string, string]>(`UPDATE idempotency_keys SET in_doubt = 1 WHERE user_id = ? AND key = ? AND state = 'pending'`),
      takeOver: this.db.prepare<[number, string, string]>(`UPDATE idempotency_keys SET in_doubt = 0, created_at = ? WHERE user_id = ? AND key = ?`),
      release: this.db.prepare<[string, string]>(`DELETE FROM idempotency_keys WHERE user_id = ? AND key = ? AND state = 'pending'`),
      forget: this.db.prepare<[string, string]>(`DELETE FROM idempotency_keys WHERE user_id = ? AND key = ?`),
      purge: this.db.prepare<[number]>(`DELETE FROM idempotency_keys WHERE state = 'done' AND created_at < ?`),
    };
  }

  claim(request: IdempotentRequest): Claim {
    const now = this.now();
    if (now - this.lastPurge > PURGE_EVERY_MS) {
      this.statements.purge.run(now - IDEMPOTENCY_TTL_MS);
      this.lastPurge = now;
    }
    return this.db.transaction((): Claim => {
      let row = this.statements.find.get(request.userId, request.key);
      if (row && row.state === 'done' && row.created_at < now - IDEMPOTENCY_TTL_MS) {
        this.statements.forget.run(request.userId, request.key);
        row = undefined;
      }
      if (!row) {
        this.statements.claim.run(request.userId, request.key, request.method, request.path, request.fingerprint, now);
        return { outcome: 'execute', recover: false };
      }
      if (row.method !== request.method || row.path !== request.path || row.fingerprint !== request.fingerprint) return { outcome: 'mismatch' };
      if (row.state === 'pending' && (row.in_doubt || row.created_at < now - ABANDONED_AFTER_MS)) {
        this.statements.takeOver.run(now, request.userId, request.key);
        return { outcome: 'execute', recover: true };
      }
      if (row.state === 'pending') return { outcome: 'in_progress' };
      return {
        outcome: 'replay',
        response: { status: row.status!, body: JSON.parse(row.body!) as unknown, headers: JSON.parse(row.headers!) as Record<string, string> },
      };
    }).immediate();
  }

  complete(request: IdempotentRequest, response: StoredResponse): void {
    this.statements.complete.run(response.status, JSON.stringify(response.body), JSON.stringify(response.headers), request.userId, request.key);
  }

  /** The request may have written; its retry must look before it writes. */
  doubt(request: IdempotentRequest): void {
    this.statements.doubt.run(request.userId, request.key);
  }

  release(request: IdempotentRequest): void {
    this.statements.release.run(request.userId, request.key);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
