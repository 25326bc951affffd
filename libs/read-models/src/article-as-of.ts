import {
  articleStreamId,
  claimVerdict,
  foldArticleAsOf,
  isLaterDisproven,
  readinessOf,
  type ArticleEvent,
  type ArticleState,
} from '#editorial';
import { StreamDeletedError, StreamNotFoundError, type EventStore } from '#event-store';
import { projectedEventOf } from './projection.js';
import type { ArticleDetail } from './read-model.types.js';

const READ_CHUNK = 500;

/**
 * The article as it stood at `asOf` (GET /articles/{id}?asOf=), answered from its recorded
 * events, not from today's rows: its text, status, claims with the verdicts known then,
 * translations, corrections and what readers saw. Null when it did not exist yet (or at all).
 */
export async function readArticleAsOf(store: EventStore, articleId: string, asOf: Date): Promise<ArticleDetail | null> {
  const streamId = articleStreamId(articleId);
  const instant = asOf.getTime();
  const events: ArticleEvent[] = [];
  for (let from = 0n; ; from += BigInt(READ_CHUNK)) {
    let page;
    try {
      page = await store.readStream(streamId, { fromRevision: from, maxCount: READ_CHUNK });
    } catch (error) {
      if (error instanceof StreamNotFoundError || error instanceof StreamDeletedError) return null;
      throw error;
    }
    let later = false;
    for (const recorded of page) {
      const event = projectedEventOf(recorded);
      // The times the read models show: metadata.at normalised, or the recording time.
      events.push({ type: event.type, data: event.data, metadata: { ...event.metadata, at: event.at } } as ArticleEvent);
      later ||= Date.parse(event.at) > instant;
    }
    if (later || page.length < READ_CHUNK) break;
  }
  const state = foldArticleAsOf(events, asOf);
  return state && articleDetailOf(state);
}

/** The detail view of a domain state: the shape GET /articles/{id} answers. */
export function articleDetailOf(state: ArticleState): ArticleDetail {
  const { status, pendingClaims, missingTranslations } = readinessOf(state);
  return {
    id: state.articleId,
    title: state.title,
    body: state.body,
    language: state.language,
    byline: state.byline,
    source: state.source,
    authorId: state.authorId,
    status,
    version: state.version,
    targetLanguages: [...state.targetLanguages],
    pendingClaims,
    missingTranslations,
    correctionNeeded: state.correctionNeeded,
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
    publishedAt: state.publishedAt,
    correctedAt: state.correctedAt,
    retractedAt: state.retractedAt,
    retractionReason: state.retractionReason,
    corrections: state.corrections.map(({ correctionId, ...correction }) => ({ id: correctionId, ...correction })),
    published: state.published && {
      title: state.published.title,
      body: state.published.body,
      version: state.published.version,
      publishedAt: state.published.publishedAt,
      translations: state.published.translations.map(({ language, title, body }) => ({ language, title, body })),
    },
    claims: state.claims.map((claim) => ({
      id: claim.claimId,
      articleId: state.articleId,
      articleTitle: state.title,
      quote: claim.quote,
      start: claim.start,
      end: claim.end,
      claimant: claim.claimant,
      claimedAt: claim.claimedAt,
      status: claim.status,
      verdict: claimVerdict(claim),
      laterDisproven: isLaterDisproven(claim.verdicts),
      factCheckId: claim.factCheckId,
      verdicts: claim.verdicts.map(({ verdict, rationale, sources, by, at, factCheckId }) => ({ verdict, rationale, sources, by, at, ...(factCheckId ? { factCheckId } : {}) })),
    })),
    translations: state.translations.map((translation) => ({
      id: translation.translationId,
      language: translation.language,
      title: translation.title,
      body: translation.body,
      status: translation.status,
      translatorId: translation.translatorId,
      reviewedBy: translation.reviewedBy,
      reason: translation.reason,
      submittedAt: translation.submittedAt,
    })),
  };
}
