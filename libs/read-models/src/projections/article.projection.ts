import { ARTICLE_EVENT_TYPES, ARTICLE_STREAM_PREFIX, publishedTranslationIds, readinessOf, type ArticleEvent, type ReadinessFacts } from '#editorial';
import { ProjectionError, type Counter, type ProjectedEvent, type Projection } from '../projection.js';
import type { ArticleDocument, ArticleListItem, PublishedView } from '../read-model.types.js';

export type ArticleProjectedEvent = ProjectedEvent<ArticleEvent>;

/** The articles read model (list and detail): one document per article. */
export const articleProjection: Projection<ArticleDocument, ArticleEvent> = {
  name: 'articles',
  version: 2,
  handles: ARTICLE_EVENT_TYPES,
  idsOf: (event) => (event.streamId.startsWith(ARTICLE_STREAM_PREFIX) ? [event.streamId.slice(ARTICLE_STREAM_PREFIX.length)] : []),
  evolve: evolveArticle,
  columns: {
    status: { type: 'TEXT', value: (article) => article.status },
    title: { type: 'TEXT', value: (article) => article.title },
    correction_needed: { type: 'INTEGER', value: (article) => (article.correctionNeeded ? 1 : 0) },
  },
  indexes: [['status'], ['correction_needed']],
  summary: articleListItemOf,
  counters: articleCounters,
};

function articleCounters(article: ArticleDocument): Counter[] {
  const counters: Counter[] = [`articles.${article.status}`];
  if (article.correctionNeeded) counters.push('correctionNeeded');
  const published = article.corrections.filter((correction) => correction.publishedAt !== null).length;
  if (published > 0) counters.push(['corrections.published', published]);
  const delays = article.facts.correctionDelays;
  if (delays.length > 0) {
    counters.push(['corrections.timed', delays.length], ['corrections.msToCorrect', delays.reduce((sum, delay) => sum + delay, 0)]);
  }
  return counters;
}

export function articleListItemOf(article: ArticleDocument): ArticleListItem {
  const { id, title, language, status, version, pendingClaims, missingTranslations, correctionNeeded, updatedAt } = article;
  return { id, title, language, status, version, pendingClaims, missingTranslations, correctionNeeded, updatedAt };
}

/** What readinessOf() reads, from the document alone. */
export function readinessFactsOf(article: ArticleDocument): ReadinessFacts {
  const { facts } = article;
  return {
    publishedAt: article.publishedAt,
    retractedAt: article.retractedAt,
    openCorrectionId: facts.openCorrectionId,
    revisedInVersion: facts.revisedInVersion,
    targetLanguages: article.targetLanguages,
    claims: facts.claims,
    translations: article.translations.map((translation) => ({
      language: translation.language,
      status: translation.status,
      submittedInVersion: facts.submittedInVersion[translation.id] ?? 0,
    })),
  };
}

export function evolveArticle(article: ArticleDocument | null, event: ArticleProjectedEvent): ArticleDocument {
  if (event.type === 'ArticleDrafted') {
    if (article) throw new ProjectionError(`Article ${event.data.articleId} drafted twice`);
    const { data } = event;
    return withReadiness({
      id: data.articleId,
      title: data.title,
      body: data.body,
      language: data.language,
      byline: data.byline ?? null,
      source: data.source ?? null,
      authorId: event.by,
      status: 'draft',
      version: event.version,
      targetLanguages: [...(data.targetLanguages ?? [])],
      pendingClaims: 0,
      missingTranslations: [],
      correctionNeeded: false,
      createdAt: event.at,
      updatedAt: event.at,
      publishedAt: null,
      correctedAt: null,
      retractedAt: null,
      retractionReason: null,
      corrections: [],
      published: null,
      translations: [],
      facts: {
        revisedInVersion: event.version,
        claims: [],
        submittedInVersion: {},
        titles: [{ at: event.at, title: data.title }],
        openCorrectionId: null,
        correctionDelays: [],
      },
    });
  }
  if (!article) throw new ProjectionError(`${event.type} on article ${event.streamId} before ArticleDrafted`);
  const next: ArticleDocument = { ...article, version: event.version, updatedAt: event.at };
  const facts = article.facts;
  switch (event.type) {
    case 'DraftRevised': {
      const withdrawn = new Set(event.data.withdrawnClaimIds);
      const outdated = new Set(event.data.outdatedTranslationIds);
      next.title = event.data.title;
      next.body = event.data.body;
      next.translations = article.translations.map((translation) =>
        outdated.has(translation.id) ? { ...translation, status: 'outdated' } : translation,
      );
      next.facts = {
        ...facts,
        revisedInVersion: event.version,
        claims: facts.claims.map((claim) => (withdrawn.has(claim.claimId) ? { ...claim, status: 'withdrawn' } : claim)),
        titles: event.data.title === article.title ? facts.titles : [...facts.titles, { at: event.at, title: event.data.title }],
      };
      break;
    }
    case 'ClaimIdentified':
      next.facts = { ...facts, claims: [...facts.claims, { claimId: event.data.claimId, status: 'active', verdicts: [] }] };
      break;
    case 'VerdictRecorded': {
      const { claimId, verdict, correctionNeeded } = event.data;
      next.facts = {
        ...facts,
        claims: updateOne(facts.claims, (claim) => claim.claimId === claimId, claimId, (claim) => ({
          ...claim,
          verdicts: [...claim.verdicts, verdict],
        })),
      };
      next.correctionNeeded = article.correctionNeeded || correctionNeeded;
      break;
    }
    case 'ClaimLinkedToFactCheck': {
      const { claimId, verdicts, correctionNeeded } = event.data;
      next.facts = {
        ...facts,
        claims: updateOne(facts.claims, (claim) => claim.claimId === claimId, claimId, (claim) => ({
          ...claim,
          verdicts: [...claim.verdicts, ...verdicts.map((entry) => entry.verdict)],
        })),
      };
      next.correctionNeeded = article.correctionNeeded || correctionNeeded;
      break;
    }
    case 'TranslationSubmitted':
      next.translations = [
        ...article.translations,
        {
          id: event.data.translationId,
          language: event.data.language,
          title: event.data.title,
          body: event.data.body,
          status: 'submitted',
          translatorId: event.by,
          reviewedBy: null,
          reason: null,
          submittedAt: event.at,
        },
      ];
      next.facts = { ...facts, submittedInVersion: { ...facts.submittedInVersion, [event.data.translationId]: event.version } };
      break;
    case 'TranslationApproved': {
      next.translations = updateOne(article.translations, (t) => t.id === event.data.translationId, event.data.translationId, (translation) => ({
        ...translation,
        status: 'approved',
        reviewedBy: event.by,
      }));
      // Events written before v2 do not say; no article was corrected or retracted then.
      const joinsPublished = event.data.published ?? (article.published !== null && facts.openCorrectionId === null && article.retractedAt === null);
      if (joinsPublished && article.published) {
        const { language, title, body } = next.translations.find((t) => t.id === event.data.translationId)!;
        const others = article.published.translations.filter((translation) => translation.language !== language);
        next.published = { ...article.published, translations: [...others, { language, title, body }] };
      }
      break;
    }
    case 'TranslationRejected':
      next.translations = updateOne(article.translations, (t) => t.id === event.data.translationId, event.data.translationId, (translation) => ({
        ...translation,
        status: 'rejected',
        reviewedBy: event.by,
        reason: event.data.reason,
      }));
      break;
    case 'ArticlePublished':
      next.publishedAt = event.at;
      next.published = publishedViewOf(next, event.data.publishedTranslationIds ?? publishedTranslationIds(translationFactsOf(article)), event);
      break;
    case 'CorrectionOpened':
      next.corrections = [
        ...article.corrections,
        {
          id: event.data.correctionId,
          reason: event.data.reason,
          note: null,
          openedBy: event.by,
          openedAt: event.at,
          publishedBy: null,
          publishedAt: null,
          version: null,
        },
      ];
      next.facts = { ...facts, openCorrectionId: event.data.correctionId };
      break;
    case 'CorrectionPublished': {
      const { correctionId, note, publishedTranslationIds: translationIds, correctionNeededSince } = event.data;
      next.corrections = updateOne(article.corrections, (c) => c.id === correctionId, correctionId, (correction) => ({
        ...correction,
        note,
        publishedBy: event.by,
        publishedAt: event.at,
        version: event.version,
      }));
      next.correctedAt = event.at;
      next.published = publishedViewOf(next, translationIds, event);
      next.correctionNeeded = false;
      next.facts = {
        ...facts,
        openCorrectionId: null,
        correctionDelays:
          correctionNeededSince === null ? facts.correctionDelays : [...facts.correctionDelays, Math.max(0, Date.parse(event.at) - Date.parse(correctionNeededSince))],
      };
      break;
    }
    case 'ArticleRetracted':
      next.retractedAt = event.at;
      next.retractionReason = event.data.reason;
      next.published = null;
      next.correctionNeeded = false;
      next.facts = { ...facts, openCorrectionId: null };
      break;
  }
  return withReadiness(next);
}

/** The translations facts publishedTranslationIds() reads, for ArticlePublished events written before v2. */
function translationFactsOf(article: ArticleDocument) {
  return {
    revisedInVersion: article.facts.revisedInVersion,
    translations: article.translations.map((translation) => ({
      translationId: translation.id,
      language: translation.language,
      status: translation.status,
      submittedInVersion: article.facts.submittedInVersion[translation.id] ?? 0,
    })),
  };
}

/** The working copy as it goes out, with the translations the event names. */
function publishedViewOf(article: ArticleDocument, translationIds: readonly string[], event: ArticleProjectedEvent): PublishedView {
  const translations = translationIds.map((translationId) => {
    const translation = article.translations.find((candidate) => candidate.id === translationId);
    if (!translation) throw new ProjectionError(`Unknown translation ${translationId} published in article ${article.id}`);
    return { language: translation.language, title: translation.title, body: translation.body };
  });
  return { title: article.title, body: article.body, version: event.version, publishedAt: event.at, translations };
}

/** Status, pending claims and missing translations are the domain's readinessOf(), never restated here. */
function withReadiness(article: ArticleDocument): ArticleDocument {
  const { status, pendingClaims, missingTranslations } = readinessOf(readinessFactsOf(article));
  article.status = status;
  article.pendingClaims = pendingClaims;
  article.missingTranslations = missingTranslations;
  return article;
}

function updateOne<Item>(items: Item[], matches: (item: Item) => boolean, id: string, change: (item: Item) => Item): Item[] {
  if (!items.some(matches)) throw new ProjectionError(`Unknown id ${id}`);
  return items.map((item) => (matches(item) ? change(item) : item));
}
