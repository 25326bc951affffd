import type { ArticleEvent } from './article.events.js';
import type { ArticleState, ClaimState, TranslationState } from './article.state.js';

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
      correctionNeeded: false,
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
        verdicts: [],
        identifiedBy: userId,
        identifiedAt: at,
      };
      return { ...next, claims: [...state.claims, claim] };
    }
    case 'VerdictRecorded': {
      const { claimId, verdict, rationale, sources, correctionNeeded } = event.data;
      return {
        ...next,
        correctionNeeded: state.correctionNeeded || correctionNeeded,
        claims: state.claims.map((claim) =>
          claim.claimId === claimId ? { ...claim, verdicts: [...claim.verdicts, { verdict, rationale, sources, by: userId, at }] } : claim,
        ),
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
    case 'TranslationApproved':
      return reviewed(next, event.data.translationId, { status: 'approved', reviewedBy: userId });
    case 'TranslationRejected':
      return reviewed(next, event.data.translationId, { status: 'rejected', reviewedBy: userId, reason: event.data.reason });
    case 'ArticlePublished':
      return { ...next, publishedAt: at };
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

export function foldArticle(events: Iterable<ArticleEvent>): ArticleState | null {
  let state: ArticleState | null = null;
  for (const event of events) state = evolve(state, event);
  return state;
}
