import { describe, expect, it } from '@jest/globals';
import type { SqliteEventStore } from '#event-store';
import { readArticleAsOf, type ProjectionRunner, type ReadModelQueries } from '../src/index.js';
import { projectionsPerTest, type Newsroom } from './read-model-fixture.js';

const EDITOR = 'editor-rania';
const OTHER_EDITOR = 'editor-samir';
const CHECKER = 'checker-omar';
const TRANSLATOR = 'translator-lina';
const ARTICLE = '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b';
const BODY = 'قالت الإدارة إن العراق يملك أسلحة دمار شامل. وانتشرت القوات في الجنوب.';
const CLAIM_QUOTE = 'العراق يملك أسلحة دمار شامل';
const CORRECTED_BODY = 'قالت الإدارة إن العراق يملك أسلحة دمار شامل، لكن مجموعة مسح العراق لم تجد أيًّا منها. وانتشرت القوات في الجنوب.';
const justBefore = (instant: Date) => new Date(instant.getTime() - 1);

describe('an article as it stood (readArticleAsOf), from its recorded events', () => {
  let store: SqliteEventStore;
  let runner: ProjectionRunner;
  let queries: ReadModelQueries;
  let newsroom: Newsroom;

  projectionsPerTest('as-of', (parts) => ({ store, runner, queries, newsroom } = parts));

  /** Published with an English translation, disproven, corrected with a new translation, then retracted. */
  async function correctedLife() {
    const run = (command: Parameters<Newsroom['execute']>[0]) => newsroom.execute(command);
    const beforeDraft = justBefore(newsroom.nextInstant());
    await run({ type: 'DraftArticle', userId: EDITOR, data: { articleId: ARTICLE, title: 'أسلحة العراق', body: BODY, language: 'ar', targetLanguages: ['en'] } });
    const claim = (await run({ type: 'IdentifyClaim', userId: CHECKER, data: { articleId: ARTICLE, quote: CLAIM_QUOTE } })).newIds[0];
    await run({ type: 'RecordVerdict', userId: CHECKER, data: { articleId: ARTICLE, claimId: claim, verdict: 'mostly_true', rationale: 'تقارير استخبارية' } });
    const english = (await run({ type: 'SubmitTranslation', userId: TRANSLATOR, data: { articleId: ARTICLE, language: 'en', title: 'Iraq arms', body: 'Iraq has WMD.' } })).newIds[0];
    await run({ type: 'ApproveTranslation', userId: OTHER_EDITOR, data: { articleId: ARTICLE, translationId: english } });
    await run({ type: 'PublishArticle', userId: EDITOR, data: { articleId: ARTICLE } });
    const beforeDisproof = justBefore(newsroom.nextInstant());
    await run({ type: 'RecordVerdict', userId: CHECKER, data: { articleId: ARTICLE, claimId: claim, verdict: 'false', rationale: 'مجموعة مسح العراق' } });
    const correction = (await run({ type: 'OpenCorrection', userId: EDITOR, data: { articleId: ARTICLE, reason: 'الادعاء ثبت خطؤه' } })).newIds[0];
    await run({ type: 'ReviseDraft', userId: EDITOR, data: { articleId: ARTICLE, body: CORRECTED_BODY } });
    const redone = (await run({ type: 'SubmitTranslation', userId: TRANSLATOR, data: { articleId: ARTICLE, language: 'en', title: 'Iraq arms', body: 'No WMD were found.' } })).newIds[0];
    await run({ type: 'ApproveTranslation', userId: OTHER_EDITOR, data: { articleId: ARTICLE, translationId: redone } });
    const beforeCorrection = justBefore(newsroom.nextInstant());
    await run({ type: 'PublishCorrection', userId: EDITOR, data: { articleId: ARTICLE, correctionId: correction, note: 'صُحّحت الجملة عن الأسلحة' } });
    const afterCorrection = justBefore(newsroom.nextInstant());
    const retracted = await run({ type: 'RetractArticle', userId: EDITOR, data: { articleId: ARTICLE, reason: 'سحب المصدر' } });
    return { claim, correction, beforeDraft, beforeDisproof, beforeCorrection, afterCorrection, position: retracted.result.position };
  }

  it('after its last event, equals the read model the projections keep', async () => {
    runner.start();
    const life = await correctedLife();
    await runner.waitFor(life.position);
    const now = await readArticleAsOf(store, ARTICLE, new Date(Date.UTC(2100, 0, 1)));
    expect(now).toEqual(queries.getArticle(ARTICLE));
    expect(now).toMatchObject({ status: 'retracted', published: null, correctionNeeded: false, retractionReason: 'سحب المصدر' });
  });

  it('before the correction: the text published then, the claim mostly_true then false, correction needed', async () => {
    const life = await correctedLife();
    const before = (await readArticleAsOf(store, ARTICLE, life.beforeCorrection))!;
    expect(before.status).toBe('correcting');
    expect(before.body).toBe(CORRECTED_BODY);
    expect(before.published).toMatchObject({ body: BODY, translations: [{ language: 'en', title: 'Iraq arms', body: 'Iraq has WMD.' }] });
    expect(before.correctionNeeded).toBe(true);
    expect(before.corrections).toEqual([expect.objectContaining({ id: life.correction, note: null, publishedAt: null, version: null })]);

    const believed = (await readArticleAsOf(store, ARTICLE, life.beforeDisproof))!;
    expect(believed).toMatchObject({ status: 'published', body: BODY, correctionNeeded: false, corrections: [] });
    expect(believed.claims.map((claim) => [claim.id, claim.verdict, claim.verdicts.length, claim.laterDisproven])).toEqual([[life.claim, 'mostly_true', 1, false]]);

    const corrected = (await readArticleAsOf(store, ARTICLE, life.afterCorrection))!;
    expect(corrected).toMatchObject({ status: 'published', correctionNeeded: false, published: { body: CORRECTED_BODY, translations: [{ body: 'No WMD were found.' }] } });
    expect(corrected.correctedAt).not.toBeNull();
  });

  it('is null before the article existed, and for an article that never did', async () => {
    const life = await correctedLife();
    expect(await readArticleAsOf(store, ARTICLE, life.beforeDraft)).toBeNull();
    expect(await readArticleAsOf(store, '00000000-0000-4000-8000-000000000000', new Date())).toBeNull();
  });
});
