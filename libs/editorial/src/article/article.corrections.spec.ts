import { describe, expect, it } from '@jest/globals';
import type { ArticleCommand } from './article.commands.js';
import type { ArticleEvent } from './article.events.js';
import { foldArticle, foldArticleAsOf } from './article.evolve.js';
import { readinessOf } from './readiness.js';
import {
  aClaim,
  aCorrectionOpened,
  aCorrectionPublished,
  aDraft,
  anApproval,
  aPublication,
  aRetraction,
  aRevision,
  ARTICLE_ID,
  AT,
  aTranslation,
  aVerdict,
  BODY,
  CLAIM_ID,
  CORRECTION_ID,
  EDITOR,
  FACT_CHECKER,
  FIRST_QUOTE,
  given,
  NEW_IDS,
  OTHER_CLAIM_ID,
  OTHER_EDITOR,
  OTHER_TRANSLATION_ID,
  QUOTE,
  SECOND_QUOTE,
  TRANSLATION_ID,
  TRANSLATOR,
} from './article.spec-helper.js';

const [NEW_ID] = NEW_IDS;
const REASON = 'تقرير مجموعة مسح العراق';
const NOTE = 'صُحّحت الفقرة الثانية';
const CORRECTED_BODY = BODY.replace('إنها انسحبت', 'إنها لم تنسحب');

const openCorrection = (reason: string = REASON): ArticleCommand => ({ type: 'OpenCorrection', userId: EDITOR, data: { articleId: ARTICLE_ID, reason } });
const publishCorrection = (correctionId = CORRECTION_ID, note: string = NOTE): ArticleCommand => ({
  type: 'PublishCorrection',
  userId: EDITOR,
  data: { articleId: ARTICLE_ID, correctionId, note },
});
const retract = (reason = 'المصدر الوحيد ثبت أنه ملفق'): ArticleCommand => ({ type: 'RetractArticle', userId: EDITOR, data: { articleId: ARTICLE_ID, reason } });
const revise = (body: string): ArticleCommand => ({ type: 'ReviseDraft', userId: EDITOR, data: { articleId: ARTICLE_ID, body } });
const identify = (quote: string): ArticleCommand => ({ type: 'IdentifyClaim', userId: FACT_CHECKER, data: { articleId: ARTICLE_ID, quote } });
const verdict = (value: 'true' | 'false' | 'mixed', claimId = CLAIM_ID): ArticleCommand => ({
  type: 'RecordVerdict',
  userId: FACT_CHECKER,
  data: { articleId: ARTICLE_ID, claimId, verdict: value, rationale: 'بحسب وثائق البنتاغون' },
});
const submit: ArticleCommand = { type: 'SubmitTranslation', userId: TRANSLATOR, data: { articleId: ARTICLE_ID, language: 'en', title: 'US forces in Iraq', body: 'The forces said…' } };
const approve = (translationId = TRANSLATION_ID): ArticleCommand => ({ type: 'ApproveTranslation', userId: EDITOR, data: { articleId: ARTICLE_ID, translationId } });
const reject: ArticleCommand = { type: 'RejectTranslation', userId: EDITOR, data: { articleId: ARTICLE_ID, translationId: TRANSLATION_ID, reason: 'ناقصة' } };
const publish: ArticleCommand = { type: 'PublishArticle', userId: EDITOR, data: { articleId: ARTICLE_ID } };

/** Published with one claim believed true and an approved English translation. */
const published: ArticleEvent[] = [aDraft({ targetLanguages: ['en'] }), aClaim(), aVerdict('true'), aTranslation(), anApproval(), aPublication([TRANSLATION_ID])];
const correcting: ArticleEvent[] = [...published, aCorrectionOpened()];
const disproven = aVerdict('false', { laterDisproven: true, correctionNeeded: true });

describe('OpenCorrection', () => {
  it('opens a correction of a published article with a new id, and the article is correcting', () => {
    const state = given(published).when(openCorrection()).then([aCorrectionOpened(NEW_ID)]);
    expect(state && readinessOf(state).status).toBe('correcting');
    expect(state?.corrections).toEqual([
      { correctionId: NEW_ID, reason: REASON, note: null, openedBy: EDITOR, openedAt: AT, publishedBy: null, publishedAt: null, version: null },
    ]);
  });

  it('needs a published article, one correction at a time, and no retraction', () => {
    given([aDraft()]).when(openCorrection()).thenFails('not_published');
    given(correcting).when(openCorrection()).thenFails('correction_open');
    given([...published, aRetraction()]).when(openCorrection()).thenFails('article_retracted');
    given([]).when(openCorrection()).thenFails('article_not_found');
  });

  it('needs a reason of 1–2,000 characters, checked before the state', () => {
    given([aDraft()]).when(openCorrection('')).thenFails('invalid_input', { field: 'reason' });
    given(published).when(openCorrection('س'.repeat(2_001))).thenFails('invalid_input', { field: 'reason' });
    given(published).when(openCorrection('س'.repeat(2_000))).then([aCorrectionOpened(NEW_ID, 'س'.repeat(2_000))]);
  });
});

describe('a correcting article', () => {
  it('takes revisions like a draft: re-anchors, withdraws, outdates, while readers keep the published text', () => {
    const revised = CORRECTED_BODY.replace('عام ٢٠٠٣', 'عام ٢٠٠٤');
    const state = given([...correcting, aClaim({ claimId: OTHER_CLAIM_ID, quote: 'عام ٢٠٠٣', start: 32, end: 40 })])
      .when(revise(revised))
      .then([aRevision({ body: revised, reanchoredClaims: [{ claimId: CLAIM_ID, ...FIRST_QUOTE }], withdrawnClaimIds: [OTHER_CLAIM_ID], outdatedTranslationIds: [TRANSLATION_ID] })]);
    expect(state?.body).toBe(revised);
    expect(state?.published).toEqual({
      title: 'مهمة القوات الأمريكية في العراق',
      body: BODY,
      version: 6,
      publishedAt: AT,
      translations: [{ translationId: TRANSLATION_ID, language: 'en', title: 'US forces in Iraq', body: 'The forces said…' }],
    });
  });

  it('takes new claims, verdicts and translations', () => {
    given(correcting).when(identify(QUOTE)).then([aClaim({ claimId: NEW_ID })]);
    given(correcting).when(verdict('mixed')).then([aVerdict('mixed')]);
    given(correcting).when(submit).then([aTranslation({ translationId: NEW_ID })]);
    given([...correcting, aTranslation({ translationId: OTHER_TRANSLATION_ID })]).when(approve(OTHER_TRANSLATION_ID)).then([anApproval(OTHER_TRANSLATION_ID)]);
  });

  it('is already published: PublishArticle is refused', () => {
    given(correcting).when(publish).thenFails('already_published');
  });

  it('still refuses changes to a published article with no open correction', () => {
    given(published).when(revise(CORRECTED_BODY)).thenFails('article_published');
    given(published).when(identify(QUOTE)).thenFails('article_published');
    given(published).when(submit).thenFails('article_published');
  });
});

describe('PublishCorrection', () => {
  it('publishes a note-only correction: the text stays, the article is published again', () => {
    const state = given(correcting).when(publishCorrection()).then([aCorrectionPublished({ publishedTranslationIds: [TRANSLATION_ID] })]);
    expect(state && readinessOf(state).status).toBe('published');
    expect(state).toMatchObject({ publishedAt: AT, correctedAt: AT, openCorrectionId: null, published: { body: BODY, version: 8 } });
    expect(state?.corrections[0]).toMatchObject({ note: NOTE, publishedBy: EDITOR, publishedAt: AT, version: 8 });
  });

  it('makes the working copy the published text with the translations approved since the revision', () => {
    const history = [...correcting, aRevision({ body: CORRECTED_BODY, reanchoredClaims: [{ claimId: CLAIM_ID, ...FIRST_QUOTE }], outdatedTranslationIds: [TRANSLATION_ID] })];
    given(history).when(publishCorrection()).thenFails('not_ready', { unmet: [{ code: 'translation_missing', language: 'en' }] });
    const state = given([...history, aTranslation({ translationId: OTHER_TRANSLATION_ID, body: 'Corrected.' }), anApproval(OTHER_TRANSLATION_ID)])
      .when(publishCorrection())
      .then([aCorrectionPublished({ publishedTranslationIds: [OTHER_TRANSLATION_ID] })]);
    expect(state?.published).toEqual({
      title: 'مهمة القوات الأمريكية في العراق',
      body: CORRECTED_BODY,
      version: 11,
      publishedAt: AT,
      translations: [{ translationId: OTHER_TRANSLATION_ID, language: 'en', title: 'US forces in Iraq', body: 'Corrected.' }],
    });
  });

  it('lists every unmet condition, as publishing does', () => {
    given([...correcting, aClaim({ claimId: OTHER_CLAIM_ID, ...SECOND_QUOTE })])
      .when(publishCorrection())
      .thenFails('not_ready', { unmet: [{ code: 'claim_pending', claimId: OTHER_CLAIM_ID }] });
  });

  it('refuses an unknown correction (404), one already published and a retracted article', () => {
    given(correcting).when(publishCorrection('no-such-correction')).thenFails('correction_not_found');
    given([...correcting, aCorrectionPublished()]).when(publishCorrection()).thenFails('correction_not_open');
    given([...correcting, aCorrectionPublished(), aCorrectionOpened('second')]).when(publishCorrection()).thenFails('correction_not_open');
    given([...correcting, aRetraction({ abandonedCorrectionId: CORRECTION_ID })]).when(publishCorrection()).thenFails('article_retracted');
    given(published).when(publishCorrection()).thenFails('correction_not_found');
  });

  it('needs a note of 1–2,000 characters', () => {
    given(correcting).when(publishCorrection(CORRECTION_ID, '')).thenFails('invalid_input', { field: 'note' });
  });

  it('publishes a second correction, keeping publishedAt the first publication and correctedAt the last', () => {
    const second = [...correcting, aCorrectionPublished(), { ...aCorrectionOpened('second'), metadata: { userId: EDITOR, at: '2026-04-01T00:00:00.000Z' } }];
    given(second).when(publishCorrection('second')).then([aCorrectionPublished({ correctionId: 'second', publishedTranslationIds: [TRANSLATION_ID] })]);
    const state = foldArticle([...second, { ...aCorrectionPublished({ correctionId: 'second' }), metadata: { userId: OTHER_EDITOR, at: '2026-04-02T00:00:00.000Z' } }]);
    expect(state).toMatchObject({ publishedAt: AT, correctedAt: '2026-04-02T00:00:00.000Z', published: { publishedAt: '2026-04-02T00:00:00.000Z' } });
    expect(state?.corrections.map((correction) => [correction.correctionId, correction.publishedBy])).toEqual([
      [CORRECTION_ID, EDITOR],
      ['second', OTHER_EDITOR],
    ]);
  });
});

describe('correctionNeeded', () => {
  it('is set by a claim disproven after publication and cleared by a correction', () => {
    const needed = given(published).when(verdict('false')).then([disproven]);
    expect(needed).toMatchObject({ correctionNeeded: true, correctionNeededSince: AT });
    const corrected = given([...published, disproven, aCorrectionOpened()])
      .when(publishCorrection())
      .then([aCorrectionPublished({ publishedTranslationIds: [TRANSLATION_ID], correctionNeededSince: AT })]);
    expect(corrected).toMatchObject({ correctionNeeded: false, correctionNeededSince: null });
  });

  it('is set by a claim disproven during an open correction, and the correction clears it', () => {
    const state = given(correcting).when(verdict('false')).then([disproven]);
    expect(state?.correctionNeeded).toBe(true);
    expect(state && readinessOf(state).status).toBe('correcting');
    expect(foldArticle([...correcting, disproven, aCorrectionPublished()])?.correctionNeeded).toBe(false);
  });

  it('is set again by a claim disproven after the correction', () => {
    const corrected = [...published, disproven, aCorrectionOpened(), aCorrectionPublished(), aVerdict('true')];
    const state = given(corrected).when(verdict('false')).then([disproven]);
    expect(state?.correctionNeeded).toBe(true);
  });

  it('is not set again by one more false on a claim already disproven when the correction went out', () => {
    given([...published, disproven, aCorrectionOpened(), aCorrectionPublished()])
      .when(verdict('false'))
      .then([aVerdict('false', { laterDisproven: true })]);
  });

  it('is false once retracted, and a verdict on a retracted article does not set it', () => {
    expect(foldArticle([...published, disproven, aRetraction()])?.correctionNeeded).toBe(false);
    const state = given([...published, aRetraction()]).when(verdict('false')).then([aVerdict('false', { laterDisproven: true })]);
    expect(state?.correctionNeeded).toBe(false);
  });
});

describe('RetractArticle', () => {
  it('retracts a published article for good: readers see nothing', () => {
    const state = given(published).when(retract()).then([aRetraction()]);
    expect(state && readinessOf(state).status).toBe('retracted');
    expect(state).toMatchObject({ retractedAt: AT, retractionReason: 'المصدر الوحيد ثبت أنه ملفق', published: null, publishedAt: AT });
  });

  it('retracts during a correction, abandoning it', () => {
    const state = given([...correcting, disproven]).when(retract()).then([aRetraction({ abandonedCorrectionId: CORRECTION_ID })]);
    expect(state).toMatchObject({ openCorrectionId: null, correctionNeeded: false, corrections: [{ correctionId: CORRECTION_ID, publishedAt: null }] });
    expect(state && readinessOf(state).status).toBe('retracted');
  });

  it('needs a published article and a reason', () => {
    given([aDraft()]).when(retract()).thenFails('not_published');
    given([...published, aRetraction()]).when(retract()).thenFails('article_retracted');
    given(published).when(retract('')).thenFails('invalid_input', { field: 'reason' });
  });

  it('accepts verdicts on a retracted article and nothing else', () => {
    const retracted = [...published, aTranslation({ translationId: OTHER_TRANSLATION_ID }, OTHER_EDITOR), aRetraction()];
    given(retracted).when(verdict('mixed')).then([aVerdict('mixed')]);
    for (const command of [revise(CORRECTED_BODY), identify(QUOTE), submit, approve(OTHER_TRANSLATION_ID), { ...reject, data: { ...reject.data, translationId: OTHER_TRANSLATION_ID } }, publish, openCorrection(), retract()] as ArticleCommand[]) {
      given(retracted).when(command).thenFails('article_retracted');
    }
  });

  it('still applies the four-eyes rule first', () => {
    given([...published, aTranslation({ translationId: OTHER_TRANSLATION_ID }, EDITOR), aRetraction()]).when(approve(OTHER_TRANSLATION_ID)).thenFails('own_translation');
  });
});

describe('readinessOf', () => {
  it('reports draft, ready, published, correcting and retracted', () => {
    const status = (history: ArticleEvent[]) => {
      const state = foldArticle(history);
      return state && readinessOf(state).status;
    };
    expect(status([aDraft(), aClaim()])).toBe('draft');
    expect(status([aDraft()])).toBe('ready');
    expect(status(published)).toBe('published');
    expect(status([...correcting, aClaim({ claimId: OTHER_CLAIM_ID })])).toBe('correcting');
    expect(status([...correcting, aRetraction()])).toBe('retracted');
  });

  it('keeps working for read models without the v2 facts', () => {
    expect(readinessOf({ publishedAt: null, revisedInVersion: 1, targetLanguages: [], claims: [], translations: [] }).status).toBe('ready');
  });
});

describe('published translations', () => {
  it('an approval on a published article joins what readers see, replacing the one in its language', () => {
    const state = foldArticle([...published, aTranslation({ translationId: OTHER_TRANSLATION_ID, body: 'Better.' }), anApproval(OTHER_TRANSLATION_ID, EDITOR, true)]);
    expect(state?.published?.translations).toEqual([{ translationId: OTHER_TRANSLATION_ID, language: 'en', title: 'US forces in Iraq', body: 'Better.' }]);
  });

  it('an approval during a correction waits for the correction', () => {
    const state = foldArticle([...correcting, aTranslation({ translationId: OTHER_TRANSLATION_ID, body: 'Better.' }), anApproval(OTHER_TRANSLATION_ID)]);
    expect(state?.published?.translations.map((translation) => translation.translationId)).toEqual([TRANSLATION_ID]);
  });

  it('reads events written before v2, which do not name the published translations', () => {
    const v1 = foldArticle([
      aDraft({ targetLanguages: ['en'] }),
      aTranslation(),
      { ...anApproval(), data: { articleId: ARTICLE_ID, translationId: TRANSLATION_ID } },
      { type: 'ArticlePublished', data: { articleId: ARTICLE_ID }, metadata: { userId: EDITOR, at: AT } },
      aTranslation({ translationId: OTHER_TRANSLATION_ID, language: 'fr' }),
      { ...anApproval(OTHER_TRANSLATION_ID), data: { articleId: ARTICLE_ID, translationId: OTHER_TRANSLATION_ID } },
    ]);
    expect(v1?.published?.translations.map((translation) => translation.language)).toEqual(['en', 'fr']);
  });
});

describe('foldArticleAsOf', () => {
  const at = (event: ArticleEvent, instant: string): ArticleEvent => ({ ...event, metadata: { ...event.metadata, at: instant } });
  const history = [
    at(aDraft(), '2003-03-01T00:00:00.000Z'),
    at(aClaim(), '2003-03-02T00:00:00.000Z'),
    at(aVerdict('true'), '2003-03-03T00:00:00.000Z'),
    at(aPublication(), '2003-03-10T00:00:00.000Z'),
    at(disproven, '2004-10-06T00:00:00.000Z'),
    at(aCorrectionOpened(), '2004-10-07T00:00:00.000Z'),
    at(aRevision({ body: CORRECTED_BODY, reanchoredClaims: [{ claimId: CLAIM_ID, ...FIRST_QUOTE }] }), '2004-10-07T01:00:00.000Z'),
    at(aCorrectionPublished({ correctionNeededSince: '2004-10-06T00:00:00.000Z' }), '2004-10-08T00:00:00.000Z'),
  ];

  it('folds the events recorded at or before the instant: what we published and knew then', () => {
    const then = foldArticleAsOf(history, '2003-03-20T00:00:00Z');
    expect(then).toMatchObject({ version: 4, body: BODY, correctionNeeded: false, published: { body: BODY } });
    expect(then?.claims[0].verdicts.map((entry) => entry.verdict)).toEqual(['true']);
    expect(foldArticleAsOf(history, new Date('2004-10-08T00:00:00.000Z'))).toMatchObject({ version: 8, published: { body: CORRECTED_BODY } });
    expect(foldArticleAsOf(history, '2004-10-07T12:00:00Z')).toMatchObject({ body: CORRECTED_BODY, published: { body: BODY }, correctionNeeded: true });
  });

  it('is null before the article existed', () => {
    expect(foldArticleAsOf(history, '2003-02-28T23:59:59.999Z')).toBeNull();
  });

  it('refuses an instant that is not one, rather than folding everything', () => {
    expect(() => foldArticleAsOf(history, 'yesterday')).toThrow(RangeError);
  });
});
