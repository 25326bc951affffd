import { expect } from '@jest/globals';
import type { ArticleCommand } from './article.commands.js';
import { decide } from './article.decide.js';
import { ArticleRuleError, type ArticleErrorCode, type ArticleRuleErrorDetails } from './article.errors.js';
import type * as E from './article.events.js';
import { foldArticle } from './article.evolve.js';

export const NOW = new Date('2026-03-08T09:30:00.000Z');
export const AT = NOW.toISOString();
export const ARTICLE_ID = 'article-0f1e2d3c';
export const CLAIM_ID = 'claim-5a6b';
export const OTHER_CLAIM_ID = 'claim-7c8d';
export const TRANSLATION_ID = 'translation-9e0f';
export const OTHER_TRANSLATION_ID = 'translation-1a2b';
export const CORRECTION_ID = 'correction-3c4d';
/** What the deterministic id generator hands out, in order, for each `when`. */
export const NEW_IDS = ['new-id-1', 'new-id-2', 'new-id-3'];
export const EDITOR = 'editor-rania';
export const OTHER_EDITOR = 'editor-samir';
export const FACT_CHECKER = 'checker-omar';
export const TRANSLATOR = 'translator-lina';

export const QUOTE = 'القُوَّات';
/** Emoji (ZWJ sequence, surrogate pairs), tatweel, RLM, ALM and Eastern Arabic digits around two copies of QUOTE. */
export const BODY = `👩🏽‍💻 قالت ${QUOTE} إنها انسحبت عام ٢٠٠٣ ـ بحسب البيان\u200F، وأكد المتحدث أن ${QUOTE} باقية\u061C حتى ٢٠١١.`;
export const FIRST_QUOTE = { start: 10, end: 19 };
export const SECOND_QUOTE = { start: 73, end: 82 };

const meta = (userId: string): E.EventMetadata => ({ userId, at: AT });

export const aDraft = (data: Partial<E.ArticleDrafted['data']> = {}, by = EDITOR): E.ArticleDrafted => ({
  type: 'ArticleDrafted',
  data: { articleId: ARTICLE_ID, title: 'مهمة القوات الأمريكية في العراق', body: BODY, language: 'ar', byline: null, source: null, targetLanguages: [], ...data },
  metadata: meta(by),
});
export const aRevision = (data: Partial<E.DraftRevised['data']> = {}, by = EDITOR): E.DraftRevised => ({
  type: 'DraftRevised',
  data: { articleId: ARTICLE_ID, title: 'مهمة القوات الأمريكية في العراق', body: BODY, reanchoredClaims: [], withdrawnClaimIds: [], outdatedTranslationIds: [], ...data },
  metadata: meta(by),
});
export const aClaim = (data: Partial<E.ClaimIdentified['data']> = {}, by = FACT_CHECKER): E.ClaimIdentified => ({
  type: 'ClaimIdentified',
  data: { articleId: ARTICLE_ID, claimId: CLAIM_ID, quote: QUOTE, occurrence: 1, ...FIRST_QUOTE, claimant: null, claimedAt: null, ...data },
  metadata: meta(by),
});
export const aVerdict = (verdict: E.Verdict, data: Partial<E.VerdictRecorded['data']> = {}, by = FACT_CHECKER): E.VerdictRecorded => ({
  type: 'VerdictRecorded',
  data: { articleId: ARTICLE_ID, claimId: CLAIM_ID, verdict, rationale: 'بحسب وثائق البنتاغون', sources: [], laterDisproven: false, correctionNeeded: false, ...data },
  metadata: meta(by),
});
export const aTranslation = (data: Partial<E.TranslationSubmitted['data']> = {}, by = TRANSLATOR): E.TranslationSubmitted => ({
  type: 'TranslationSubmitted',
  data: { articleId: ARTICLE_ID, translationId: TRANSLATION_ID, language: 'en', title: 'US forces in Iraq', body: 'The forces said…', ...data },
  metadata: meta(by),
});
export const anApproval = (translationId = TRANSLATION_ID, by = EDITOR, published = false): E.TranslationApproved => ({
  type: 'TranslationApproved',
  data: { articleId: ARTICLE_ID, translationId, published },
  metadata: meta(by),
});
export const aRejection = (reason: string, translationId = TRANSLATION_ID, by = EDITOR): E.TranslationRejected => ({
  type: 'TranslationRejected',
  data: { articleId: ARTICLE_ID, translationId, reason },
  metadata: meta(by),
});
export const aPublication = (publishedTranslationIds: string[] = [], by = EDITOR): E.ArticlePublished => ({
  type: 'ArticlePublished',
  data: { articleId: ARTICLE_ID, publishedTranslationIds },
  metadata: meta(by),
});
export const aCorrectionOpened = (correctionId = CORRECTION_ID, reason = 'تقرير مجموعة مسح العراق', by = EDITOR): E.CorrectionOpened => ({
  type: 'CorrectionOpened',
  data: { articleId: ARTICLE_ID, correctionId, reason },
  metadata: meta(by),
});
export const aCorrectionPublished = (data: Partial<E.CorrectionPublished['data']> = {}, by = EDITOR): E.CorrectionPublished => ({
  type: 'CorrectionPublished',
  data: { articleId: ARTICLE_ID, correctionId: CORRECTION_ID, note: 'صُحّحت الفقرة الثانية', publishedTranslationIds: [], correctionNeededSince: null, ...data },
  metadata: meta(by),
});
export const aRetraction = (data: Partial<E.ArticleRetracted['data']> = {}, by = EDITOR): E.ArticleRetracted => ({
  type: 'ArticleRetracted',
  data: { articleId: ARTICLE_ID, reason: 'المصدر الوحيد ثبت أنه ملفق', abandonedCorrectionId: null, ...data },
  metadata: meta(by),
});

interface DecideDeps {
  now: () => Date;
  newId: () => string;
}

/** given(history).when(command).then(events) | .thenFails(code, details?) for any aggregate, with a fixed clock and ids. */
export function givenDecider<Command, Event, State>(fold: (events: Event[]) => State, decideWith: (command: Command, state: State, deps: DecideDeps) => Event[]) {
  return (history: Event[]) => {
    const state = fold(history);
    return {
      when(command: Command) {
        const ids = NEW_IDS[Symbol.iterator]();
        const run = () => decideWith(command, state, { now: () => NOW, newId: () => ids.next().value ?? 'ids-exhausted' });
        return {
          then(expected: Event[]) {
            const events = run();
            expect(events).toEqual(expected);
            return fold([...history, ...events]);
          },
          thenFails(code: ArticleErrorCode, details: ArticleRuleErrorDetails = {}): ArticleRuleError {
            let failure: unknown;
            try {
              run();
            } catch (error) {
              failure = error;
            }
            expect(failure).toBeInstanceOf(ArticleRuleError);
            expect(failure).toMatchObject({ code, ...details });
            return failure as ArticleRuleError;
          },
        };
      },
    };
  };
}

export const given = givenDecider<ArticleCommand, E.ArticleEvent, ReturnType<typeof foldArticle>>(foldArticle, decide);
