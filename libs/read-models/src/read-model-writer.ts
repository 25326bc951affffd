import { ARTICLE_STREAM_PREFIX } from '#editorial';
import { comparePositions, parsePosition, serializePosition, type Position, type RecordedEvent } from '#event-store';
import type { ReadModelDatabase, TableSuffix } from './database.js';
import { evolveArticle } from './projections/article.projection.js';
import { claimIdsTouchedBy, evolveClaim } from './projections/claim.projection.js';
import { articleCounterDelta, claimCounterDelta, type CounterDelta } from './projections/dashboard.projection.js';
import { toArticleEvent } from './projections/event-facts.js';
import { historyEntryOf } from './projections/history.projection.js';
import { articleFromRecord, articleToRecord, claimFromRecord, claimToRecord, type ArticleRecord, type ClaimRecord } from './records.js';
import type { ArticleRow, ClaimRow } from './read-model.types.js';

export interface Checkpoint {
  /** The last event applied (or skipped as unknown); null before the first. */
  position: Position | null;
  /** Article events applied so far: the sequence number that orders rows by arrival. */
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

interface Tracked<Row> {
  seq: number;
  before: Row | null;
  after: Row | null;
}

/**
 * Applies events to one set of read-model tables. `apply` must run inside a transaction the
 * caller owns; it reads the checkpoint, skips what is already applied, and writes every row
 * and the new checkpoint, so one commit holds both.
 */
export class ReadModelWriter {
  private readonly statements;
  private readonly applyTransaction;

  constructor(
    private readonly db: ReadModelDatabase,
    suffix: TableSuffix = '',
  ) {
    const s = suffix;
    this.applyTransaction = db.transaction((events: readonly RecordedEvent[]) => this.apply(events));
    this.statements = {
      readCheckpoint: db.prepare<[], { position: string | null; events: number }>(
        `SELECT position, events FROM projection_checkpoint${s} WHERE id = 1`,
      ),
      writeCheckpoint: db.prepare<[string | null, number]>(
        `UPDATE projection_checkpoint${s} SET position = ?, events = ? WHERE id = 1`,
      ),
      getArticle: db.prepare<[string], ArticleRecord>(`SELECT * FROM articles${s} WHERE id = ?`),
      putArticle: db.prepare<[ArticleRecord]>(
        `INSERT OR REPLACE INTO articles${s} (id, seq, title, body, language, byline, source, author_id, status, version,
           target_languages, pending_claims, missing_translations, correction_needed, created_at, updated_at, published_at,
           translations, claim_states)
         VALUES (@id, @seq, @title, @body, @language, @byline, @source, @author_id, @status, @version, @target_languages,
           @pending_claims, @missing_translations, @correction_needed, @created_at, @updated_at, @published_at,
           @translations, @claim_states)`,
      ),
      getClaim: db.prepare<[string], ClaimRecord>(`SELECT * FROM claims${s} WHERE id = ?`),
      putClaim: db.prepare<[ClaimRecord]>(
        `INSERT OR REPLACE INTO claims${s} (id, seq, article_id, quote, start_offset, end_offset, claimant, claimed_at,
           status, verdict, later_disproven, verdicts)
         VALUES (@id, @seq, @article_id, @quote, @start_offset, @end_offset, @claimant, @claimed_at, @status, @verdict,
           @later_disproven, @verdicts)`,
      ),
      putClaimHistory: db.prepare<[string, number, string, number, number, string, number, number]>(
        `INSERT INTO claim_history${s} (claim_id, seq, at, start_offset, end_offset, status, verdict_count, later_disproven)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      putArticleHistory: db.prepare<[string, number, string, string, string | null, string]>(
        `INSERT INTO article_history${s} (article_id, version, type, at, by, data) VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      addCounter: db.prepare<[string, number]>(
        `INSERT INTO dashboard_counters${s} (name, value) VALUES (?, ?)
         ON CONFLICT (name) DO UPDATE SET value = value + excluded.value`,
      ),
    };
  }

  checkpoint(): Checkpoint {
    const row = this.statements.readCheckpoint.get();
    if (!row) throw new Error('Read-model checkpoint row missing');
    return { position: row.position === null ? null : parsePosition(row.position), events: row.events };
  }

  /** apply() in its own write transaction. */
  applyInTransaction(events: readonly RecordedEvent[]): Checkpoint {
    return this.applyTransaction.immediate(events);
  }

  /** Returns the checkpoint after the batch. Throws ProjectionFailedError for the first event a projection refuses. */
  apply(events: readonly RecordedEvent[]): Checkpoint {
    const checkpoint = this.checkpoint();
    const articles = new Map<string, Tracked<ArticleRow>>();
    const claims = new Map<string, Tracked<ClaimRow>>();
    const s = this.statements;

    for (const recorded of events) {
      if (checkpoint.position && comparePositions(recorded.position, checkpoint.position) <= 0) continue;
      checkpoint.position = recorded.position;
      const event = toArticleEvent(recorded);
      if (!event) continue;
      checkpoint.events += 1;
      const seq = checkpoint.events;
      try {
        const articleId = recorded.streamId.slice(ARTICLE_STREAM_PREFIX.length);
        const article = articles.get(articleId) ?? this.loadArticle(articleId);
        articles.set(articleId, article);
        if (!article.after) article.seq = seq;
        article.after = evolveArticle(article.after, event);

        for (const claimId of claimIdsTouchedBy(event)) {
          const claim = claims.get(claimId) ?? this.loadClaim(claimId);
          claims.set(claimId, claim);
          if (!claim.after) claim.seq = seq;
          claim.after = evolveClaim(claim.after, event);
          // What can change in a claim after it is identified; quote and claimant never do, and
          // the verdicts of then are the first `verdict_count` of its history.
          const { start, end, status, verdicts, laterDisproven } = claim.after;
          s.putClaimHistory.run(claimId, seq, event.at, start, end, status, verdicts.length, laterDisproven ? 1 : 0);
        }

        const entry = historyEntryOf(event);
        s.putArticleHistory.run(articleId, entry.version, entry.type, entry.at, entry.by, JSON.stringify(entry.data));
      } catch (error) {
        throw new ProjectionFailedError(recorded, error);
      }
    }

    const counters: CounterDelta = new Map();
    for (const article of articles.values()) {
      if (!article.after) continue;
      s.putArticle.run(articleToRecord(article.after, article.seq));
      articleCounterDelta(article.before, article.after, counters);
    }
    for (const claim of claims.values()) {
      if (!claim.after) continue;
      s.putClaim.run(claimToRecord(claim.after, claim.seq));
      claimCounterDelta(claim.before, claim.after, counters);
    }
    for (const [name, change] of counters) s.addCounter.run(name, change);
    s.writeCheckpoint.run(checkpoint.position ? serializePosition(checkpoint.position) : null, checkpoint.events);
    return checkpoint;
  }

  private loadArticle(id: string): Tracked<ArticleRow> {
    const record = this.statements.getArticle.get(id);
    const row = record ? articleFromRecord(record) : null;
    return { seq: record?.seq ?? 0, before: row, after: row };
  }

  private loadClaim(id: string): Tracked<ClaimRow> {
    const record = this.statements.getClaim.get(id);
    const row = record ? claimFromRecord(record) : null;
    return { seq: record?.seq ?? 0, before: row, after: row };
  }
}
