import { describe, expect, it } from '@jest/globals';
import { foldArticle } from './article.evolve.js';
import { assertArticleTargetsExist } from './article.exists.js';
import { aClaim, aDraft, aTranslation, ARTICLE_ID, CLAIM_ID, EDITOR, FACT_CHECKER, TRANSLATION_ID } from './article.spec-helper.js';

describe('assertArticleTargetsExist: what a command names exists, answered before If-Match and the rules', () => {
  const article = foldArticle([aDraft({ targetLanguages: ['en'] }), aClaim(), aTranslation()]);
  const verdict = (claimId: string) => ({ type: 'RecordVerdict' as const, data: { articleId: ARTICLE_ID, claimId, verdict: 'true' as const, rationale: 'r' }, userId: FACT_CHECKER });
  const approval = (translationId: string) => ({ type: 'ApproveTranslation' as const, data: { articleId: ARTICLE_ID, translationId }, userId: EDITOR });

  it('passes what exists, and a draft, which names nothing yet', () => {
    expect(() => assertArticleTargetsExist(verdict(CLAIM_ID), article)).not.toThrow();
    expect(() => assertArticleTargetsExist(approval(TRANSLATION_ID), article)).not.toThrow();
    const draft = { type: 'DraftArticle' as const, data: { articleId: ARTICLE_ID, title: 't', body: 'b', language: 'ar' }, userId: EDITOR };
    expect(() => assertArticleTargetsExist(draft, null)).not.toThrow();
  });

  it('fails with the not_found code decide would give', () => {
    expect(() => assertArticleTargetsExist(verdict(CLAIM_ID), null)).toThrow(expect.objectContaining({ code: 'article_not_found', category: 'not_found' }));
    expect(() => assertArticleTargetsExist(verdict('claim-unknown'), article)).toThrow(expect.objectContaining({ code: 'claim_not_found' }));
    expect(() => assertArticleTargetsExist(approval('translation-unknown'), article)).toThrow(expect.objectContaining({ code: 'translation_not_found' }));
  });
});
