import type { Statement } from 'better-sqlite3';
import { claimVerdict, type ArticleStatus, type ClaimStatus } from '#editorial';
import type { ReadModelDatabase } from './database.js';
import { dashboardOf } from './projections/dashboard.projection.js';
import { articleFromRecord, claimFromRecord, type ArticleRecord, type ClaimRecord } from './records.js';
import type {
  ArticleDetail,
  ArticleListItem,
  ClaimRow,
  ClaimVerdict,
  ClaimView,
  Dashboard,
  HistoryEntry,
  Page,
} from './read-model.types.js';

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  constructor() {
    super('The cursor is not one this service issued');
  }
}

export interface ListArticlesQuery {
  status?: ArticleStatus;
  limit?: number;
  cursor?: string;
}

export interface ListClaimsQuery {
  verdict?: ClaimVerdict;
  articleId?: string;
  laterDisproven?: boolean;
  limit?: number;
  cursor?: string;
}

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

type ClaimWithTitle = ClaimRecord & { article_title: string };

interface ClaimSnapshot {
  start_offset: number;
  end_offset: number;
  status: string;
  verdict_count: number;
  later_disproven: number;
}

/**
 * The read side the HTTP layer serves. Orders (keyset pagination on the arrival sequence,
 * so a page boundary never shifts while rows change):
 * - articles: newest drafted first;
 * - claims: newest identified first. `verdict=pending` lists active claims without a verdict
 *   (the fact-checkers' queue, the same set `dashboard().claims.pending` counts); the other
 *   verdicts match a claim's latest verdict, withdrawn claims included.
 */
export class ReadModelQueries {
  private readonly statements;
  private readonly filtered = new Map<string, Statement<(string | number)[], unknown>>();

  constructor(private readonly db: ReadModelDatabase) {
    this.statements = {
      article: db.prepare<[string], ArticleRecord>(`SELECT * FROM articles WHERE id = ?`),
      articleClaims: db.prepare<[string], ClaimWithTitle>(
        `SELECT c.*, a.title AS article_title FROM claims c JOIN articles a ON a.id = c.article_id
         WHERE c.article_id = ? ORDER BY c.seq`,
      ),
      history: db.prepare<[string], { version: number; type: string; at: string; by: string | null; data: string }>(
        `SELECT version, type, at, by, data FROM article_history WHERE article_id = ? ORDER BY version`,
      ),
      claim: db.prepare<[string], ClaimWithTitle>(
        `SELECT c.*, a.title AS article_title FROM claims c JOIN articles a ON a.id = c.article_id WHERE c.id = ?`,
      ),
      claimAsOf: db.prepare<[string, string], ClaimSnapshot>(
        `SELECT start_offset, end_offset, status, verdict_count, later_disproven FROM claim_history
         WHERE claim_id = ? AND at <= ? ORDER BY seq DESC LIMIT 1`,
      ),
      titleAsOf: db.prepare<[string, string], { title: string }>(
        `SELECT json_extract(data, '$.title') AS title FROM article_history
         WHERE article_id = ? AND at <= ? AND type IN ('ArticleDrafted', 'DraftRevised')
         ORDER BY version DESC LIMIT 1`,
      ),
      counters: db.prepare<[], { name: string; value: number }>(`SELECT name, value FROM dashboard_counters`),
    };
  }

  listArticles(query: ListArticlesQuery = {}): Page<ArticleListItem> {
    const limit = clampLimit(query.limit);
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (query.status) {
      where.push('status = ?');
      params.push(query.status);
    }
    if (query.cursor !== undefined) {
      where.push('seq < ?');
      params.push(decodeCursor(query.cursor));
    }
    const records = this.prepared<ArticleRecord>(
        `SELECT id, seq, title, language, status, version, pending_claims, missing_translations, correction_needed, updated_at
         FROM articles ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`,
      )
      .all(...params, limit + 1);
    return pageOf(records, limit, (record) => ({
      id: record.id,
      title: record.title,
      language: record.language,
      status: record.status as ArticleStatus,
      version: record.version,
      pendingClaims: record.pending_claims,
      missingTranslations: JSON.parse(record.missing_translations) as string[],
      correctionNeeded: record.correction_needed === 1,
      updatedAt: record.updated_at,
    }));
  }

  getArticle(id: string): ArticleDetail | null {
    return this.snapshot(() => this.readArticle(id));
  }

  private readArticle(id: string): ArticleDetail | null {
    const record = this.statements.article.get(id);
    if (!record) return null;
    const { translations, claimStates: _claimStates, ...article } = articleFromRecord(record);
    const claims = this.statements.articleClaims.all(id).map(claimViewOf);
    return { ...article, claims, translations };
  }

  getHistory(id: string): HistoryEntry[] | null {
    const entries = this.statements.history.all(id);
    if (entries.length === 0) return null;
    return entries.map((entry) => ({ ...entry, data: JSON.parse(entry.data) as unknown }));
  }

  listClaims(query: ListClaimsQuery = {}): Page<ClaimView> {
    const limit = clampLimit(query.limit);
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (query.verdict) {
      where.push('c.verdict = ?');
      params.push(query.verdict);
      if (query.verdict === 'pending') where.push(`c.status = 'active'`);
    }
    if (query.articleId !== undefined) {
      where.push('c.article_id = ?');
      params.push(query.articleId);
    }
    if (query.laterDisproven !== undefined) {
      where.push('c.later_disproven = ?');
      params.push(query.laterDisproven ? 1 : 0);
    }
    if (query.cursor !== undefined) {
      where.push('c.seq < ?');
      params.push(decodeCursor(query.cursor));
    }
    const records = this.prepared<ClaimWithTitle>(
        `SELECT c.*, a.title AS article_title FROM claims c JOIN articles a ON a.id = c.article_id
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY c.seq DESC LIMIT ?`,
      )
      .all(...params, limit + 1);
    return pageOf(records, limit, claimViewOf);
  }

  /** With `asOf`, the claim as it stood then (offsets, status, verdicts, title); null if it did not exist yet. */
  getClaim(claimId: string, asOf?: Date): ClaimView | null {
    return this.snapshot(() => this.readClaim(claimId, asOf));
  }

  private readClaim(claimId: string, asOf?: Date): ClaimView | null {
    if (!asOf) {
      const record = this.statements.claim.get(claimId);
      return record ? claimViewOf(record) : null;
    }
    const instant = asOf.toISOString();
    const snapshot = this.statements.claimAsOf.get(claimId, instant);
    const record = snapshot ? this.statements.claim.get(claimId) : undefined;
    if (!snapshot || !record) return null;
    const current = claimFromRecord(record);
    const verdicts = current.verdicts.slice(0, snapshot.verdict_count);
    const row: ClaimRow = {
      ...current,
      start: snapshot.start_offset,
      end: snapshot.end_offset,
      status: snapshot.status as ClaimStatus,
      verdict: claimVerdict({ verdicts }),
      laterDisproven: snapshot.later_disproven === 1,
      verdicts,
    };
    const title = this.statements.titleAsOf.get(row.articleId, instant)?.title ?? '';
    return viewOf(row, title);
  }

  /** Reads made of several statements see one committed state, never half of a runner's batch. */
  private snapshot<Result>(read: () => Result): Result {
    return this.db.inTransaction ? read() : this.db.transaction(read)();
  }

  private prepared<Row>(sql: string): Statement<(string | number)[], Row> {
    let statement = this.filtered.get(sql);
    if (!statement) {
      statement = this.db.prepare<(string | number)[], unknown>(sql);
      this.filtered.set(sql, statement);
    }
    return statement as Statement<(string | number)[], Row>;
  }

  /** Counts over active claims (withdrawn ones are out of the article) and over all articles. */
  dashboard(): Dashboard {
    const counters = new Map(this.statements.counters.all().map(({ name, value }) => [name, value]));
    return dashboardOf(counters);
  }
}

function claimViewOf(record: ClaimWithTitle): ClaimView {
  return viewOf(claimFromRecord(record), record.article_title);
}

function viewOf({ id, articleId, ...claim }: ClaimRow, articleTitle: string): ClaimView {
  return { id, articleId, articleTitle, ...claim };
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.trunc(limit)));
}

function pageOf<Record extends { seq: number }, Item>(records: Record[], limit: number, map: (record: Record) => Item): Page<Item> {
  const more = records.length > limit;
  const shown = more ? records.slice(0, limit) : records;
  return { items: shown.map(map), nextCursor: more ? encodeCursor(shown[shown.length - 1].seq) : null };
}

function encodeCursor(seq: number): string {
  return Buffer.from(`s:${seq}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): number {
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(cursor)) throw new InvalidCursorError();
  const match = /^s:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new InvalidCursorError();
  return Number(match[1]);
}
