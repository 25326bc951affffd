import type { ArticleStatus } from '#editorial';
import type { ArticleRow } from '../read-model.types.js';
import { ProjectionError, type ArticleRecordedEvent } from './event-facts.js';

/** The article read model (list and detail), one row per article. */
export function evolveArticle(row: ArticleRow | null, event: ArticleRecordedEvent): ArticleRow {
  if (event.type === 'ArticleDrafted') {
    if (row) throw new ProjectionError(`Article ${event.data.articleId} drafted twice`);
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
      claimStates: [],
    });
  }
  if (!row) throw new ProjectionError(`${event.type} on article ${event.streamId} before ArticleDrafted`);
  const next: ArticleRow = { ...row, version: event.version, updatedAt: event.at };
  switch (event.type) {
    case 'DraftRevised': {
      const withdrawn = new Set(event.data.withdrawnClaimIds);
      const outdated = new Set(event.data.outdatedTranslationIds);
      next.title = event.data.title;
      next.body = event.data.body;
      next.claimStates = row.claimStates.map((claim) => (withdrawn.has(claim.id) ? { ...claim, active: false } : claim));
      next.translations = row.translations.map((translation) =>
        outdated.has(translation.id) ? { ...translation, status: 'outdated' } : translation,
      );
      break;
    }
    case 'ClaimIdentified':
      next.claimStates = [...row.claimStates, { id: event.data.claimId, active: true, checked: false }];
      break;
    case 'VerdictRecorded':
      next.claimStates = updateOne(row.claimStates, event.data.claimId, (claim) => ({ ...claim, checked: true }));
      next.correctionNeeded = row.correctionNeeded || event.data.correctionNeeded;
      break;
    case 'TranslationSubmitted':
      next.translations = [
        ...row.translations,
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
      break;
    case 'TranslationApproved':
      next.translations = updateOne(row.translations, event.data.translationId, (translation) => ({
        ...translation,
        status: 'approved',
        reviewedBy: event.by,
      }));
      break;
    case 'TranslationRejected':
      next.translations = updateOne(row.translations, event.data.translationId, (translation) => ({
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

function withReadiness(row: ArticleRow): ArticleRow {
  const pendingClaims = row.claimStates.filter((claim) => claim.active && !claim.checked).length;
  const missingTranslations = row.targetLanguages.filter(
    (language) => !row.translations.some((translation) => translation.language === language && translation.status === 'approved'),
  );
  let status: ArticleStatus = 'ready';
  if (row.publishedAt !== null) status = 'published';
  else if (pendingClaims > 0 || missingTranslations.length > 0) status = 'draft';
  return { ...row, pendingClaims, missingTranslations, status };
}

function updateOne<Item extends { id: string }>(items: Item[], id: string, change: (item: Item) => Item): Item[] {
  if (!items.some((item) => item.id === id)) throw new ProjectionError(`Unknown id ${id}`);
  return items.map((item) => (item.id === id ? change(item) : item));
}
