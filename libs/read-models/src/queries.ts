import type { Statement } from 'better-sqlite3';
import { claimVerdict, isLaterDisproven, matchingForm, type ArticleStatus } from '#editorial';
import type { ReadModelDatabase } from './database.js';
import { dashboardOf } from './dashboard.js';
import { listItemOfStored } from './projections/claim.projection.js';
import type {
  ArticleDetail,
  ArticleDocument,
  ArticleListItem,
  ClaimDocument,
  ClaimListItem,
  ClaimVerdict,
  ClaimView,
  Dashboard,
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
  correctionNeeded?: boolean;
  limit?: number;
  cursor?: string;
}

export interface ListClaimsQuery {
  /** Finds the query's matching form in the quotes, best match (bm25) first. */
  q?: string;
  verdict?: ClaimVerdict;
  articleId?: string;
  laterDisproven?: boolean;
  limit?: number;
  cursor?: string;
}

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

export type Params = (string | number)[];

/**
 * The read side the HTTP layer serves; each answer is one indexed SELECT of stored JSON.
 * Orders (keyset pagination on the arrival sequence, so a page boundary never shifts while
 * rows change):
 * - articles: newest drafted first;
 * - claims: newest identified first. `verdict=pending` lists active claims without a verdict
 *   (the fact-checkers' queue, the same set `dashboard().claims.pending` counts); the other
 *   verdicts match a claim's latest verdict, withdrawn claims included. A listed claim
 *   carries its latest 10 verdicts and `verdictCount`; one claim by id carries them all.
 */
export class ReadModelQueries {
  private readonly statements;
  private readonly filtered = new Map<string, Statement<Params, unknown>>();

  constructor(private readonly db: ReadModelDatabase) {
    this.statements = {
      article: db.prepare<[string], string>(`SELECT doc FROM articles WHERE id = ?`).pluck(),
      articleClaims: db.prepare<[string], string>(`SELECT doc FROM claims WHERE article_id = ? ORDER BY seq`).pluck(),
      claim: db.prepare<[string], { doc: string; title: string }>(
        `SELECT c.doc, a.title FROM claims c JOIN articles a ON a.id = c.article_id WHERE c.id = ?`,
      ),
      counters: db.prepare<[], string>(`SELECT counts FROM dashboard_counters WHERE id = 1`).pluck(),
    };
  }

  listArticles(query: ListArticlesQuery = {}): Page<ArticleListItem> {
    const limit = clampLimit(query.limit);
    const where: string[] = [];
    const params: Params = [];
    if (query.status) {
      where.push('status = ?');
      params.push(query.status);
    }
    if (query.correctionNeeded !== undefined) {
      where.push('correction_needed = ?');
      params.push(query.correctionNeeded ? 1 : 0);
    }
    if (query.cursor !== undefined) {
      where.push('seq < ?');
      params.push(decodeCursor(query.cursor));
    }
    const rows = this.prepared<{ seq: number; summary: string }>(
      `SELECT seq, summary FROM articles ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`,
    ).all(...params, limit + 1);
    return pageOf(rows, limit, undefined, (row) => JSON.parse(row.summary) as ArticleListItem);
  }

  getArticle(id: string): ArticleDetail | null {
    return this.snapshot(() => {
      const json = this.statements.article.get(id);
      if (json === undefined) return null;
      const { facts: _facts, ...article } = JSON.parse(json) as ArticleDocument;
      const claims = this.statements.articleClaims.all(id).map((doc) => claimViewOf(JSON.parse(doc) as ClaimDocument, article.title));
      return { ...article, claims };
    });
  }

  listClaims(query: ListClaimsQuery = {}): Page<ClaimListItem> {
    const { sql, params, limit, offset } = this.claimsSelect(query, 'coalesce(c.summary, c.doc) AS item, a.title');
    if (sql === null) return { items: [], nextCursor: null };
    const rows = this.prepared<{ seq: number; item: string; title: string }>(sql).all(...params, limit + 1);
    return pageOf(rows, limit, offset, (row) => {
      const item = listItemOfStored(JSON.parse(row.item) as ClaimDocument) as ClaimListItem;
      item.articleTitle = row.title;
      return item;
    });
  }

  /**
   * The page listClaims() gives, as the JSON text of `{ items, nextCursor }`, built by SQLite
   * from the stored JSON: an HTTP handler can send it as it is, without parsing and
   * serialising each claim in JavaScript.
   */
  listClaimsJson(query: ListClaimsQuery = {}): string {
    const { sql, params, limit, offset } = this.claimsSelect(
      query,
      // The summary is the item; a document serving as one loses its anchors and gains its count.
      `CASE WHEN c.summary IS NOT NULL THEN json_set(c.summary, '$.articleTitle', a.title)
        ELSE json_remove(json_set(c.doc, '$.verdictCount', json_array_length(c.doc, '$.verdicts'), '$.articleTitle', a.title), '$.anchors')
       END AS item`,
    );
    if (sql === null) return '{"items":[],"nextCursor":null}';
    const rows = this.prepared<{ seq: number; item: string }>(sql).all(...params, limit + 1);
    const page = pageOf(rows, limit, offset, (row) => row.item);
    return `{"items":[${page.items.join(',')}],"nextCursor":${JSON.stringify(page.nextCursor)}}`;
  }

  private claimsSelect(query: ListClaimsQuery, columns: string): { sql: string | null; params: Params; limit: number; offset: number | undefined } {
    const limit = clampLimit(query.limit);
    const where: string[] = [];
    const params: Params = [];
    const phrase = query.q === undefined ? undefined : searchPhrase(query.q);
    if (phrase === null) return { sql: null, params, limit, offset: undefined };
    if (phrase !== undefined) {
      where.push('claims_search MATCH ?');
      params.push(phrase);
    }
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
    if (phrase !== undefined) {
      const offset = decodeRankCursor(query.cursor);
      // The page's rows are picked by rank first, reading only the search table and the claims'
      // short columns; the documents and titles are read for those rows alone.
      const filtered = where.length > 1 ? 'JOIN claims c ON c.seq = claims_search.rowid' : '';
      const sql = `SELECT c.seq, ${columns} FROM (
         SELECT claims_search.rowid AS seq, claims_search.rank AS rank FROM claims_search ${filtered}
          WHERE ${where.join(' AND ')} ORDER BY claims_search.rank, claims_search.rowid DESC LIMIT ? OFFSET ${offset}
       ) hit JOIN claims c ON c.seq = hit.seq JOIN articles a ON a.id = c.article_id ORDER BY hit.rank, hit.seq DESC`;
      return { sql, params, limit, offset };
    }
    if (query.cursor !== undefined) {
      where.push('c.seq < ?');
      params.push(decodeCursor(query.cursor));
    }
    const sql = `SELECT c.seq, ${columns} FROM claims c JOIN articles a ON a.id = c.article_id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY c.seq DESC LIMIT ?`;
    return { sql, params, limit, offset: undefined };
  }

  /** With `asOf`, the claim as it stood then (offsets, status, verdicts, title); null if it did not exist yet. */
  getClaim(claimId: string, asOf?: Date): ClaimView | null {
    return this.snapshot(() => {
      const row = this.statements.claim.get(claimId);
      if (!row) return null;
      const claim = JSON.parse(row.doc) as ClaimDocument;
      if (!asOf) return claimViewOf(claim, row.title);
      const instant = asOf.toISOString();
      const anchor = claim.anchors.findLast((candidate) => candidate.at <= instant);
      if (!anchor) return null;
      const verdicts = claim.verdicts.filter((verdict) => verdict.at <= instant);
      const article = JSON.parse(this.statements.article.get(claim.articleId)!) as ArticleDocument;
      const title = article.facts.titles.findLast((candidate) => candidate.at <= instant)?.title ?? '';
      return claimViewOf(
        {
          ...claim,
          start: anchor.start,
          end: anchor.end,
          status: anchor.status,
          verdicts,
          verdict: claimVerdict({ verdicts }),
          laterDisproven: verdicts.length === claim.verdicts.length ? claim.laterDisproven : isLaterDisproven(verdicts),
        },
        title,
      );
    });
  }

  /** Counts over active claims (withdrawn ones are out of the article) and over all articles: one small row the writer keeps. */
  dashboard(): Dashboard {
    return dashboardOf(JSON.parse(this.statements.counters.get() ?? '{}') as Record<string, number>);
  }

  /** Reads made of several statements see one committed state, never half of a runner's batch. */
  private snapshot<Result>(read: () => Result): Result {
    return this.db.inTransaction ? read() : this.db.transaction(read)();
  }

  private prepared<Row>(sql: string): Statement<Params, Row> {
    let statement = this.filtered.get(sql);
    if (!statement) {
      statement = this.db.prepare<Params, unknown>(sql);
      this.filtered.set(sql, statement);
    }
    return statement as Statement<Params, Row>;
  }
}

function claimViewOf({ id, articleId, anchors: _anchors, ...claim }: ClaimDocument, articleTitle: string): ClaimView {
  return { id, articleId, articleTitle, ...claim };
}

/** A page size within 1–100, 20 when none is asked for. */
export function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.trunc(limit)));
}

/** A page of rows in arrival order (cursor: the last seq), or of ranked rows from `offset` (cursor: the next offset). */
export function pageOf<Row extends { seq: number }, Item>(rows: Row[], limit: number, offset: number | undefined, map: (row: Row) => Item): Page<Item> {
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  const next = offset === undefined ? encodeCursor(shown[shown.length - 1]?.seq ?? 0) : encodeRankCursor(offset + limit);
  return { items: shown.map(map), nextCursor: more ? next : null };
}

/**
 * The FTS5 query for what a user typed: its matching form as one phrase (FTS5 tokenizes it as it
 * tokenized the indexed text), or null when it holds no word to look for.
 */
export function searchPhrase(q: string): string | null {
  const text = matchingForm(q).trim();
  if (!/[\p{L}\p{N}]/u.test(text)) return null;
  return `"${text.replaceAll('"', '""')}"`;
}

/** Search results are ranked, not in arrival order: their cursor is an offset into the ranking. */
function encodeRankCursor(offset: number): string {
  return Buffer.from(`r:${offset}`, 'utf8').toString('base64url');
}

export function decodeRankCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(cursor)) throw new InvalidCursorError();
  const match = /^r:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new InvalidCursorError();
  return Number(match[1]);
}

function encodeCursor(seq: number): string {
  return Buffer.from(`s:${seq}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): number {
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(cursor)) throw new InvalidCursorError();
  const match = /^s:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new InvalidCursorError();
  return Number(match[1]);
}
