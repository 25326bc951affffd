import { ARTICLE_EVENT_TYPES, ARTICLE_STREAM_PREFIX, readinessOf, type ArticleEvent, type ReadinessFacts } from '#editorial';
import { ProjectionError, type ProjectedEvent, type Projection } from '../projection.js';
import type { ArticleDocument, ArticleListItem } from '../read-model.types.js';

export type ArticleProjectedEvent = ProjectedEvent<ArticleEvent>;

/** The articles read model (list and detail): one document per article. */
export const articleProjection: Projection<ArticleDocument, ArticleEvent> = {
  name: 'articles',
  version: 1,
  handles: ARTICLE_EVENT_TYPES,
  idsOf: (event) => (event.streamId.startsWith(ARTICLE_STREAM_PREFIX) ? [event.streamId.slice(ARTICLE_STREAM_PREFIX.length)] : []),
  evolve: evolveArticle,
  columns: {
    status: { type: 'TEXT', value: (article) => article.status },
    title: { type: 'TEXT', value: (article) => article.title },
  },
  indexes: [['status']],
  summary: articleListItemOf,
  counters: (article) => (article.correctionNeeded ? [`articles.${article.status}`, 'correctionNeeded'] : [`articles.${article.status}`]),
};

export function articleListItemOf(article: ArticleDocument): ArticleListItem {
  const { id, title, language, status, version, pendingClaims, missingTranslations, correctionNeeded, updatedAt } = article;
  return { id, title, language, status, version, pendingClaims, missingTranslations, correctionNeeded, updatedAt };
}

/** What readinessOf() reads, from the document alone. */
export function readinessFactsOf(article: ArticleDocument): ReadinessFacts {
  const { facts } = article;
  return {
    publishedAt: article.publishedAt,
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
      translations: [],
      facts: { revisedInVersion: event.version, claims: [], submittedInVersion: {}, titles: [{ at: event.at, title: data.title }] },
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
    case 'TranslationApproved':
      next.translations = updateOne(article.translations, (t) => t.id === event.data.translationId, event.data.translationId, (translation) => ({
        ...translation,
        status: 'approved',
        reviewedBy: event.by,
      }));
      break;
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
      break;
  }
  return withReadiness(next);
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
