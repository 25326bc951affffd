import { describe, expect, it } from '@jest/globals';
import type { ArticleEvent } from './article.events.js';
import { evolve, foldArticle } from './article.evolve.js';
import { claimVerdict, isLaterDisproven } from './article.state.js';
import { readinessOf } from './readiness.js';
import {
  aClaim,
  aDraft,
  anApproval,
  aPublication,
  aRejection,
  aRevision,
  AT,
  aTranslation,
  aVerdict,
  BODY,
  CLAIM_ID,
  EDITOR,
  FACT_CHECKER,
  FIRST_QUOTE,
  OTHER_CLAIM_ID,
  OTHER_EDITOR,
  OTHER_TRANSLATION_ID,
  SECOND_QUOTE,
  TRANSLATION_ID,
  TRANSLATOR,
} from './article.spec-helper.js';

describe('foldArticle', () => {
  it('is null for an empty stream', () => {
    expect(foldArticle([])).toBeNull();
  });

  it('counts every event in the version, so a verdict raises it by exactly one', () => {
    const history = [aDraft(), aClaim(), aVerdict('true')];
    expect(foldArticle(history.slice(0, 2))?.version).toBe(2);
    expect(foldArticle(history)?.version).toBe(3);
    expect(foldArticle([...history, aVerdict('false', { laterDisproven: true })])?.version).toBe(4);
  });

  it('builds the article from its events', () => {
    const state = foldArticle([
      aDraft({ targetLanguages: ['en'], byline: 'محمد الصالح' }),
      aClaim({ claimant: 'البيت الأبيض', claimedAt: '2021-07-26' }),
      aVerdict('true', { sources: [{ url: 'https://example.org' }] }),
      aVerdict('false', { laterDisproven: true }, OTHER_EDITOR),
      aTranslation(),
      aRejection('ناقصة'),
      aTranslation({ translationId: OTHER_TRANSLATION_ID }),
      anApproval(OTHER_TRANSLATION_ID, OTHER_EDITOR),
      aPublication(),
    ]);
    expect(state).toMatchObject({
      title: 'مهمة القوات الأمريكية في العراق',
      body: BODY,
      byline: 'محمد الصالح',
      authorId: EDITOR,
      version: 9,
      createdAt: AT,
      publishedAt: AT,
      correctionNeeded: false,
      claims: [
        {
          claimId: CLAIM_ID,
          ...FIRST_QUOTE,
          claimant: 'البيت الأبيض',
          claimedAt: '2021-07-26',
          status: 'active',
          identifiedBy: FACT_CHECKER,
          verdicts: [
            { verdict: 'true', sources: [{ url: 'https://example.org' }], by: FACT_CHECKER, at: AT },
            { verdict: 'false', by: OTHER_EDITOR },
          ],
        },
      ],
      translations: [
        { translationId: TRANSLATION_ID, status: 'rejected', translatorId: TRANSLATOR, reviewedBy: EDITOR, reason: 'ناقصة' },
        { translationId: OTHER_TRANSLATION_ID, status: 'approved', reviewedBy: OTHER_EDITOR, reason: null, submittedInVersion: 7 },
      ],
    });
  });

  it('applies what a revision decided: new offsets, withdrawn claims, outdated translations', () => {
    const state = foldArticle([
      aDraft(),
      aClaim(),
      aClaim({ claimId: OTHER_CLAIM_ID, ...SECOND_QUOTE }),
      aTranslation(),
      aRevision({ title: 'عنوان', body: `😀${BODY}`, reanchoredClaims: [{ claimId: CLAIM_ID, start: 11, end: 20 }], withdrawnClaimIds: [OTHER_CLAIM_ID], outdatedTranslationIds: [TRANSLATION_ID] }),
    ]);
    expect(state).toMatchObject({
      title: 'عنوان',
      body: `😀${BODY}`,
      revisedInVersion: 5,
      claims: [
        { claimId: CLAIM_ID, start: 11, end: 20, status: 'active' },
        { claimId: OTHER_CLAIM_ID, ...SECOND_QUOTE, status: 'withdrawn' },
      ],
      translations: [{ translationId: TRANSLATION_ID, status: 'outdated' }],
    });
  });

  it('sets correctionNeeded from the verdict that asked for it and never clears it', () => {
    const history = [aDraft(), aClaim(), aVerdict('true'), aPublication(), aVerdict('false', { laterDisproven: true, correctionNeeded: true })];
    expect(foldArticle(history.slice(0, 4))?.correctionNeeded).toBe(false);
    expect(foldArticle(history)?.correctionNeeded).toBe(true);
    expect(foldArticle([...history, aVerdict('true')])?.correctionNeeded).toBe(true);
  });

  it('refuses a stream that does not start with the draft or drafts twice', () => {
    expect(() => foldArticle([aClaim()])).toThrow(/before ArticleDrafted/);
    expect(() => foldArticle([aDraft(), aDraft()])).toThrow(/drafted twice/);
    expect(() => evolve(null, aPublication())).toThrow();
    expect(() => foldArticle([aDraft(), { type: 'ArticleArchived', data: {}, metadata: aDraft().metadata } as unknown as ArticleEvent])).toThrow(/Unknown event ArticleArchived/);
  });
});

describe('article status and readiness', () => {
  it('is draft while a claim is pending or a translation missing, ready when neither, published once published', () => {
    const drafted = aDraft({ targetLanguages: ['en'] });
    const status = (events: ArticleEvent[]) => {
      const state = foldArticle([drafted, ...events]);
      return state && readinessOf(state).status;
    };
    expect(status([aClaim()])).toBe('draft');
    expect(status([aClaim(), aVerdict('misleading')])).toBe('draft');
    expect(status([aClaim(), aVerdict('misleading'), aTranslation()])).toBe('draft');
    expect(status([aClaim(), aVerdict('misleading'), aTranslation(), anApproval()])).toBe('ready');
    expect(status([aClaim(), aVerdict('misleading'), aTranslation(), anApproval(), aPublication()])).toBe('published');
    expect(readinessOf(foldArticle([aDraft()])!).status).toBe('ready');
  });

  it('lists pending claims first, in the order they were identified, then missing languages in target order', () => {
    const state = foldArticle([aDraft({ targetLanguages: ['fr', 'en'] }), aClaim({ claimId: OTHER_CLAIM_ID }), aClaim(), aClaim({ claimId: 'claim-checked', ...SECOND_QUOTE }), aVerdict('true', { claimId: 'claim-checked' })]);
    expect(state && readinessOf(state).unmet).toEqual([
      { code: 'claim_pending', claimId: OTHER_CLAIM_ID },
      { code: 'claim_pending', claimId: CLAIM_ID },
      { code: 'translation_missing', language: 'fr' },
      { code: 'translation_missing', language: 'en' },
    ]);
  });
});

describe('isLaterDisproven and claimVerdict', () => {
  it('needs the latest verdict to be false after a true, mostly_true, mixed or unverifiable one', () => {
    expect(isLaterDisproven(['true', 'false'])).toBe(true);
    expect(isLaterDisproven(['unverifiable', 'misleading', 'false'])).toBe(true);
    expect(isLaterDisproven(['mixed', 'false', 'false'])).toBe(true);
    expect(isLaterDisproven(['misleading', 'false'])).toBe(false);
    expect(isLaterDisproven(['false', 'false'])).toBe(false);
    expect(isLaterDisproven(['true', 'false', 'true'])).toBe(false);
    expect(isLaterDisproven(['false'])).toBe(false);
    expect(isLaterDisproven([])).toBe(false);
    expect(isLaterDisproven([{ verdict: 'mostly_true' }, { verdict: 'false' }])).toBe(true);
  });

  it('is pending without a verdict and the latest one otherwise', () => {
    expect(claimVerdict({ verdicts: [] })).toBe('pending');
    const state = foldArticle([aDraft(), aClaim(), aVerdict('true'), aVerdict('mixed')]);
    expect(state && claimVerdict(state.claims[0])).toBe('mixed');
  });
});
