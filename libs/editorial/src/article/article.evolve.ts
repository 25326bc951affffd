import type { ArticleEvent } from './article.events.js';
import { publishedTranslationIds, type ArticleState, type ClaimState, type PublishedText, type TranslationState } from './article.state.js';

/**
 * Applies one recorded event. Trusts the event: every consequence a rule decided is written
 * in it, so replaying an old stream gives the state the rules gave then.
 */
export function evolve(state: ArticleState | null, event: ArticleEvent): ArticleState {
  const { at, userId } = event.metadata;
  if (event.type === 'ArticleDrafted') {
    if (state !== null) throw new Error(`Article ${state.articleId} is drafted twice in its stream`);
    const { articleId, title, body, language, byline, source, targetLanguages } = event.data;
    return {
      articleId,
      title,
      body,
      language,
      byline,
      source,
      targetLanguages: [...targetLanguages],
      authorId: userId,
      version: 1,
      revisedInVersion: 1,
      createdAt: at,
      updatedAt: at,
      publishedAt: null,
      correctedAt: null,
      retractedAt: null,
      retractionReason: null,
      corrections: [],
      openCorrectionId: null,
      published: null,
      correctionNeeded: false,
      correctionNeededSince: null,
      claims: [],
      translations: [],
    };
  }
  if (state === null) throw new Error(`${event.type} before ArticleDrafted in article ${event.data.articleId}`);
  const next = { ...state, version: state.version + 1, updatedAt: at };

  switch (event.type) {
    case 'DraftRevised': {
      const { title, body, reanchoredClaims, withdrawnClaimIds, outdatedTranslationIds } = event.data;
      const anchors = new Map(reanchoredClaims.map((anchor) => [anchor.claimId, anchor]));
      return {
        ...next,
        title,
        body,
        revisedInVersion: next.version,
        claims: state.claims.map((claim) => {
          if (withdrawnClaimIds.includes(claim.claimId)) return { ...claim, status: 'withdrawn' };
          const anchor = anchors.get(claim.claimId);
          return anchor ? { ...claim, start: anchor.start, end: anchor.end } : claim;
        }),
        translations: state.translations.map((translation) =>
          outdatedTranslationIds.includes(translation.translationId) ? { ...translation, status: 'outdated' } : translation,
        ),
      };
    }
    case 'ClaimIdentified': {
      const { claimId, quote, occurrence, start, end, claimant, claimedAt } = event.data;
      const claim: ClaimState = {
        claimId,
        quote,
        occurrence,
        start,
        end,
        claimant,
        claimedAt,
        status: 'active',
        factCheckId: null,
        verdicts: [],
        identifiedBy: userId,
        identifiedAt: at,
      };
      return { ...next, claims: [...state.claims, claim] };
    }
    case 'VerdictRecorded': {
      const { claimId, verdict, rationale, sources, correctionNeeded, factCheckId, causationId } = event.data;
      const followed = factCheckId === undefined || causationId === undefined ? {} : { factCheckId, causationId };
      return {
        ...next,
        correctionNeeded: state.correctionNeeded || correctionNeeded,
        correctionNeededSince: state.correctionNeededSince ?? (correctionNeeded ? at : null),
        claims: state.claims.map((claim) =>
          claim.claimId === claimId ? { ...claim, verdicts: [...claim.verdicts, { verdict, rationale, sources, by: userId, at, ...followed }] } : claim,
        ),
      };
    }
    case 'ClaimLinkedToFactCheck': {
      const { claimId, factCheckId, verdicts, correctionNeeded } = event.data;
      const replayed = verdicts.map(({ causationId, verdict, rationale, sources, by, at: verdictAt }) => ({ verdict, rationale, sources, by, at: verdictAt, factCheckId, causationId }));
      return {
        ...next,
        correctionNeeded: state.correctionNeeded || correctionNeeded,
        correctionNeededSince: state.correctionNeededSince ?? (correctionNeeded ? at : null),
        claims: state.claims.map((claim) => (claim.claimId === claimId ? { ...claim, factCheckId, verdicts: [...claim.verdicts, ...replayed] } : claim)),
      };
    }
    case 'TranslationSubmitted': {
      const { translationId, language, title, body } = event.data;
      const translation: TranslationState = {
        translationId,
        language,
        title,
        body,
        status: 'submitted',
        translatorId: userId,
        submittedAt: at,
        submittedInVersion: next.version,
        reviewedBy: null,
        reason: null,
      };
      return { ...next, translations: [...state.translations, translation] };
    }
    case 'TranslationApproved': {
      const approved = reviewed(next, event.data.translationId, { status: 'approved', reviewedBy: userId });
      // Events written before v2 do not say; no article was corrected or retracted then.
      const joinsPublished = event.data.published ?? (state.published !== null && state.openCorrectionId === null && state.retractedAt === null);
      if (!joinsPublished || approved.published === null) return approved;
      const translation = publishedTranslation(approved, event.data.translationId);
      const others = approved.published.translations.filter((candidate) => candidate.language !== translation.language);
      return { ...approved, published: { ...approved.published, translations: [...others, translation] } };
    }
    case 'TranslationRejected':
      return reviewed(next, event.data.translationId, { status: 'rejected', reviewedBy: userId, reason: event.data.reason });
    case 'ArticlePublished':
      return { ...next, publishedAt: at, published: publishedText(next, event.data.publishedTranslationIds ?? publishedTranslationIds(next)) };
    case 'CorrectionOpened': {
      const { correctionId, reason } = event.data;
      const correction = { correctionId, reason, note: null, openedBy: userId, openedAt: at, publishedBy: null, publishedAt: null, version: null };
      return { ...next, corrections: [...state.corrections, correction], openCorrectionId: correctionId };
    }
    case 'CorrectionPublished': {
      const { correctionId, note, publishedTranslationIds: translationIds } = event.data;
      return {
        ...next,
        corrections: state.corrections.map((correction) =>
          correction.correctionId === correctionId ? { ...correction, note, publishedBy: userId, publishedAt: at, version: next.version } : correction,
        ),
        openCorrectionId: null,
        correctedAt: at,
        published: publishedText(next, translationIds),
        correctionNeeded: false,
        correctionNeededSince: null,
      };
    }
    case 'ArticleRetracted':
      return {
        ...next,
        retractedAt: at,
        retractionReason: event.data.reason,
        openCorrectionId: null,
        published: null,
        correctionNeeded: false,
        correctionNeededSince: null,
      };
    default:
      throw new Error(`Unknown event ${(event as { type: string }).type} in article ${state.articleId}`);
  }
}

function reviewed(state: ArticleState, translationId: string, review: Partial<TranslationState>): ArticleState {
  return {
    ...state,
    translations: state.translations.map((translation) => (translation.translationId === translationId ? { ...translation, ...review } : translation)),
  };
}

function publishedText(article: ArticleState, translationIds: readonly string[]): PublishedText {
  return {
    title: article.title,
    body: article.body,
    version: article.version,
    publishedAt: article.updatedAt,
    translations: translationIds.map((translationId) => publishedTranslation(article, translationId)),
  };
}

function publishedTranslation(article: ArticleState, translationId: string) {
  const translation = article.translations.find((candidate) => candidate.translationId === translationId);
  if (!translation) throw new Error(`Unknown translation ${translationId} published in article ${article.articleId}`);
  const { language, title, body } = translation;
  return { translationId, language, title, body };
}

export function foldArticle(events: Iterable<ArticleEvent>): ArticleState | null {
  let state: ArticleState | null = null;
  for (const event of events) state = evolve(state, event);
  return state;
}

/**
 * An aggregate as it stood at `asOf`: its events recorded at or before that instant, in stream
 * order. Null when it did not exist yet. Stops at the first later event, so a clock that stepped
 * back between two writes cannot fold a gap into the stream.
 */
export function foldAsOf<State, Event extends { metadata: { at: string } }>(
  evolveWith: (state: State | null, event: Event) => State,
  events: Iterable<Event>,
  asOf: Date | string,
): State | null {
  const limit = typeof asOf === 'string' ? Date.parse(asOf) : asOf.getTime();
  if (Number.isNaN(limit)) throw new RangeError(`asOf is not an instant: ${String(asOf)}`);
  let state: State | null = null;
  for (const event of events) {
    if (Date.parse(event.metadata.at) > limit) break;
    state = evolveWith(state, event);
  }
  return state;
}

/** The article as it stood at `asOf` (GET /articles/{id}?asOf=); null when it did not exist yet. */
export function foldArticleAsOf(events: Iterable<ArticleEvent>, asOf: Date | string): ArticleState | null {
  return foldAsOf(evolve, events, asOf);
}
