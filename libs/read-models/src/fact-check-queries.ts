import type { Statement } from 'better-sqlite3';
import type { ReadModelDatabase } from './database.js';
import { clampLimit, decodeCursor, decodeRankCursor, pageOf, searchPhrase, type Params } from './queries.js';
import type { ClaimVerdict, FactCheckDocument, FactCheckImpactItem, FactCheckListItem, Page } from './read-model.types.js';

export interface ListFactChecksQuery {
  /** Finds the query's matching form in statements and in the quotes of linked claims, best match (bm25) first. */
  q?: string;
  verdict?: ClaimVerdict;
  laterDisproven?: boolean;
  limit?: number;
  cursor?: string;
}

/**
 * The fact-checks' read side: lists (newest first, or by relevance with `q`), one by id, and its
 * impact: every linked claim with its article, those needing a correction first.
 */
export class FactCheckQueries {
  private readonly one: Statement<[string], string>;
  private readonly impact: Statement<[string], Omit<FactCheckImpactItem, 'correctionNeeded' | 'translations'> & { correctionNeeded: number; translations: string }>;
  private readonly statements = new Map<string, Statement<Params, { seq: number; item: string }>>();

  constructor(private readonly db: ReadModelDatabase) {
    this.one = db.prepare<[string], string>(`SELECT doc FROM fact_checks WHERE id = ?`).pluck();
    this.impact = db.prepare(
      `SELECT c.article_id AS articleId, json_extract(a.doc, '$.title') AS articleTitle, a.status AS status, c.id AS claimId,
              json_extract(c.doc, '$.quote') AS quote, json_extract(a.doc, '$.correctionNeeded') AS correctionNeeded,
              (SELECT json_group_array(json_extract(t.value, '$.language')) FROM json_each(a.doc, '$.translations') t
                WHERE json_extract(t.value, '$.status') = 'approved') AS translations
         FROM claims c JOIN articles a ON a.id = c.article_id
        WHERE c.fact_check_id = ?
        ORDER BY json_extract(a.doc, '$.correctionNeeded') DESC, c.seq`,
    );
  }

  listFactChecks(query: ListFactChecksQuery = {}): Page<FactCheckListItem> {
    const limit = clampLimit(query.limit);
    const where: string[] = [];
    const params: Params = [];
    if (query.verdict) {
      where.push('f.verdict = ?');
      params.push(query.verdict);
    }
    if (query.laterDisproven !== undefined) {
      where.push('f.later_disproven = ?');
      params.push(query.laterDisproven ? 1 : 0);
    }
    const phrase = query.q === undefined ? undefined : searchPhrase(query.q);
    if (phrase === null) return { items: [], nextCursor: null };
    let sql: string;
    let offset: number | undefined;
    if (phrase !== undefined) {
      offset = decodeRankCursor(query.cursor);
      // A fact-check matches by its statement or by the quote of a claim that follows it; bm25
      // ranks are negative, lower is better: each fact-check takes its best.
      sql = `SELECT f.seq, f.summary AS item FROM (
               SELECT rowid AS seq, rank FROM fact_checks_search WHERE fact_checks_search MATCH ?
               UNION ALL
               SELECT f2.seq, claims_search.rank FROM claims_search JOIN claims c ON c.seq = claims_search.rowid
                 JOIN fact_checks f2 ON f2.id = c.fact_check_id WHERE claims_search MATCH ?
             ) hit JOIN fact_checks f ON f.seq = hit.seq
             ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
             GROUP BY f.seq ORDER BY min(hit.rank), f.seq DESC LIMIT ? OFFSET ${offset}`;
      params.unshift(phrase, phrase);
    } else {
      if (query.cursor !== undefined) {
        where.push('f.seq < ?');
        params.push(decodeCursor(query.cursor));
      }
      sql = `SELECT f.seq, f.summary AS item FROM fact_checks f ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY f.seq DESC LIMIT ?`;
    }
    const rows = this.prepared(sql).all(...params, limit + 1);
    return pageOf(rows, limit, offset, (row) => JSON.parse(row.item) as FactCheckListItem);
  }

  getFactCheck(id: string): FactCheckDocument | null {
    const json = this.one.get(id);
    return json === undefined ? null : (JSON.parse(json) as FactCheckDocument);
  }

  /** Every claim that follows the fact-check, with its article: those needing a correction first, then in link order. */
  factCheckImpact(id: string): FactCheckImpactItem[] {
    return this.impact.all(id).map((row) => ({
      ...row,
      correctionNeeded: row.correctionNeeded === 1,
      translations: [...new Set(JSON.parse(row.translations) as string[])],
    }));
  }

  private prepared(sql: string): Statement<Params, { seq: number; item: string }> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare<Params, { seq: number; item: string }>(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
