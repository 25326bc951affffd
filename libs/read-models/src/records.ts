import type { ArticleStatus, ClaimStatus } from '#editorial';
import type { ArticleRow, ClaimRow, ClaimVerdict } from './read-model.types.js';

/** Rows as SQLite holds them: scalars in columns, nested lists as JSON text. */
export interface ArticleRecord {
  id: string;
  seq: number;
  title: string;
  body: string;
  language: string;
  byline: string | null;
  source: string | null;
  author_id: string | null;
  status: string;
  version: number;
  target_languages: string;
  pending_claims: number;
  missing_translations: string;
  correction_needed: number;
  created_at: string;
  updated_at: string;
  published_at: string | null;
  translations: string;
  claim_states: string;
}

export interface ClaimRecord {
  id: string;
  seq: number;
  article_id: string;
  quote: string;
  start_offset: number;
  end_offset: number;
  claimant: string | null;
  claimed_at: string | null;
  status: string;
  verdict: string;
  later_disproven: number;
  verdicts: string;
}

export function articleToRecord(row: ArticleRow, seq: number): ArticleRecord {
  return {
    id: row.id,
    seq,
    title: row.title,
    body: row.body,
    language: row.language,
    byline: row.byline,
    source: row.source,
    author_id: row.authorId,
    status: row.status,
    version: row.version,
    target_languages: JSON.stringify(row.targetLanguages),
    pending_claims: row.pendingClaims,
    missing_translations: JSON.stringify(row.missingTranslations),
    correction_needed: row.correctionNeeded ? 1 : 0,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    published_at: row.publishedAt,
    translations: JSON.stringify(row.translations),
    claim_states: JSON.stringify(row.claimStates),
  };
}

export function articleFromRecord(record: ArticleRecord): ArticleRow {
  return {
    id: record.id,
    title: record.title,
    body: record.body,
    language: record.language,
    byline: record.byline,
    source: record.source,
    authorId: record.author_id,
    status: record.status as ArticleStatus,
    version: record.version,
    targetLanguages: JSON.parse(record.target_languages) as string[],
    pendingClaims: record.pending_claims,
    missingTranslations: JSON.parse(record.missing_translations) as string[],
    correctionNeeded: record.correction_needed === 1,
    createdAt: record.created_at,
    updatedAt: record.updated_at,
    publishedAt: record.published_at,
    translations: JSON.parse(record.translations) as ArticleRow['translations'],
    claimStates: JSON.parse(record.claim_states) as ArticleRow['claimStates'],
  };
}

export function claimToRecord(row: ClaimRow, seq: number): ClaimRecord {
  return {
    id: row.id,
    seq,
    article_id: row.articleId,
    quote: row.quote,
    start_offset: row.start,
    end_offset: row.end,
    claimant: row.claimant,
    claimed_at: row.claimedAt,
    status: row.status,
    verdict: row.verdict,
    later_disproven: row.laterDisproven ? 1 : 0,
    verdicts: JSON.stringify(row.verdicts),
  };
}

export function claimFromRecord(record: ClaimRecord): ClaimRow {
  return {
    id: record.id,
    articleId: record.article_id,
    quote: record.quote,
    start: record.start_offset,
    end: record.end_offset,
    claimant: record.claimant,
    claimedAt: record.claimed_at,
    status: record.status as ClaimStatus,
    verdict: record.verdict as ClaimVerdict,
    laterDisproven: record.later_disproven === 1,
    verdicts: JSON.parse(record.verdicts) as ClaimRow['verdicts'],
  };
}
