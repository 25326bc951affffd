import { describe, expect, it } from '@jest/globals';
import type { ArticleEvent, EventMetadata } from '#editorial';
import type { RecordedEvent } from '#event-store';
import { RecordedLog } from '../../test/recorded-events.js';
import { dashboardOf } from '../dashboard.js';
import { counterAmounts, normalizeInstant, ProjectionError, projectedEventOf, type AnyProjection } from '../projection.js';
import type { ArticleDocument, ClaimDocument } from '../read-model.types.js';
import { articleListItemOf, articleProjection } from './article.projection.js';
import { claimIdsTouchedBy, claimListItemOf, claimProjection, LIST_VERDICTS } from './claim.projection.js';
import { PROJECTIONS } from './index.js';

const ARTICLE = '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b';
const CLAIM = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';
const OTHER_CLAIM = '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e';
const TRANSLATION = '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f';
const LATER_TRANSLATION = '3d4e5f6a-7b8c-4d9e-8f0a-2b3c4d5e6f7a';
const EDITOR = 'editor-rania';
const OTHER_EDITOR = 'editor-samir';
const CHECKER = 'checker-omar';
const TRANSLATOR = 'translator-lina';
const TITLE = 'مهمة القوات الأمريكية في العراق.. من القتال إلى التدريب';
const REVISED_TITLE = 'مهمة القوّات الأمريكيّة في العراق ـ تحديث\u200F 👩🏽‍💻 ٢٠٢١';
const BODY = 'أكد الرئيس الأمريكي أن الولايات المتحدة ستنهي مهمتها القتالية في العراق بحلول 31 كانون الأول.';
const QUOTE = 'ستنهي مهمتها القتالية';

const at = (minute: number) => new Date(Date.UTC(2026, 2, 8, 9, minute)).toISOString();
const meta = (userId: string, minute: number): EventMetadata => ({ userId, at: at(minute) });

/** A full article life, minute by minute. */
function articleLife(): ArticleEvent[] {
  return [
    {
      type: 'ArticleDrafted',
      data: { articleId: ARTICLE, title: TITLE, body: BODY, language: 'ar', byline: 'محمد الصالح', source: 'لكل السوريين', targetLanguages: ['en'] },
      metadata: meta(EDITOR, 0),
    },
    {
      type: 'ClaimIdentified',
      data: { articleId: ARTICLE, claimId: CLAIM, quote: QUOTE, occurrence: 1, start: 41, end: 62, claimant: 'جو بايدن', claimedAt: '2021-07-26' },
      metadata: meta(CHECKER, 1),
    },
    {
      type: 'ClaimIdentified',
      data: { articleId: ARTICLE, claimId: OTHER_CLAIM, quote: 'كانون الأول', occurrence: 1, start: 87, end: 98, claimant: null, claimedAt: null },
      metadata: meta(CHECKER, 2),
    },
    {
      type: 'VerdictRecorded',
      data: {
        articleId: ARTICLE,
        claimId: CLAIM,
        verdict: 'mostly_true',
        rationale: 'بيان مشترك من البيت الأبيض',
        sources: [{ url: 'https://example.org/بيان', title: 'البيان المشترك' }],
        laterDisproven: false,
        correctionNeeded: false,
      },
      metadata: meta(CHECKER, 3),
    },
    {
      type: 'TranslationSubmitted',
      data: { articleId: ARTICLE, translationId: TRANSLATION, language: 'en', title: 'US mission in Iraq', body: 'The US will end…' },
      metadata: meta(TRANSLATOR, 4),
    },
    {
      type: 'DraftRevised',
      data: {
        articleId: ARTICLE,
        title: REVISED_TITLE,
        body: BODY.replace('كانون الأول', 'ديسمبر'),
        reanchoredClaims: [{ claimId: CLAIM, start: 40, end: 61 }],
        withdrawnClaimIds: [OTHER_CLAIM],
        outdatedTranslationIds: [TRANSLATION],
      },
      metadata: meta(EDITOR, 5),
    },
    {
      type: 'TranslationSubmitted',
      data: { articleId: ARTICLE, translationId: LATER_TRANSLATION, language: 'en', title: 'US mission in Iraq (rev.)', body: 'The US will end its combat mission…' },
      metadata: meta(TRANSLATOR, 6),
    },
    { type: 'TranslationApproved', data: { articleId: ARTICLE, translationId: LATER_TRANSLATION }, metadata: meta(OTHER_EDITOR, 7) },
    { type: 'ArticlePublished', data: { articleId: ARTICLE }, metadata: meta(EDITOR, 8) },
    {
      type: 'VerdictRecorded',
      data: { articleId: ARTICLE, claimId: CLAIM, verdict: 'false', rationale: 'بقيت قوات قتالية بعد الموعد', sources: [], laterDisproven: true, correctionNeeded: true },
      metadata: meta(CHECKER, 9),
    },
  ];
}

/**
 * given(events).documents(projection): what the runner would store, folding each event the
 * projection handles into the documents it names; `.steps` gives one document after each event.
 */
function given(events: readonly RecordedEvent[]) {
  const fold = <Document>(projection: AnyProjection, onEach?: (id: string, document: Document) => void) => {
    const documents = new Map<string, Document>();
    for (const recorded of events) {
      if (!projection.handles.includes(recorded.type)) continue;
      const event = projectedEventOf(recorded);
      for (const id of projection.idsOf(event)) {
        const document = projection.evolve(documents.get(id) ?? null, event) as Document;
        documents.set(id, document);
        onEach?.(id, document);
      }
    }
    return documents;
  };
  return {
    documents: <Document>(projection: AnyProjection) => fold<Document>(projection),
    steps: <Document>(projection: AnyProjection) => {
      const steps: Document[] = [];
      fold<Document>(projection, (_id, document) => steps.push(document));
      return steps;
    },
    /** The dashboard counters as the runner keeps them: each document counts where it stands last. */
    counters: () => {
      const counters = new Map<string, number>();
      for (const projection of PROJECTIONS) {
        for (const document of fold<object>(projection).values()) {
          for (const [name, amount] of counterAmounts(projection, document)) counters.set(name, (counters.get(name) ?? 0) + amount);
        }
      }
      return counters;
    },
  };
}

const life = () => new RecordedLog().article(ARTICLE, articleLife());

describe('the envelope every projection reads', () => {
  it('takes version, time and user from the envelope, falling back to the recording time', () => {
    const [drafted, claim] = new RecordedLog().article(ARTICLE, articleLife().slice(0, 2));
    const withoutAt = { ...claim, metadata: { userId: CHECKER } };

    expect(projectedEventOf(drafted)).toMatchObject({ version: 1, at: at(0), by: EDITOR, type: 'ArticleDrafted', position: drafted.position });
    expect(projectedEventOf(withoutAt)).toMatchObject({ version: 2, at: claim.recordedAt.toISOString(), by: CHECKER });
  });

  it('leaves event types no projection declares to the checkpoint alone', () => {
    const log = new RecordedLog();
    const [unknown] = log.record(`article-${ARTICLE}`, [{ type: 'ArticleArchived', data: {}, metadata: meta(EDITOR, 1) } as never]);
    expect(PROJECTIONS.filter((projection) => projection.handles.includes(unknown.type))).toEqual([]);
  });
});

describe('article projection', () => {
  const steps = given(life()).steps<ArticleDocument>(articleProjection);

  it('ArticleDrafted → a draft with every field of the detail and the facts readiness needs, Arabic text unchanged', () => {
    expect(steps[0]).toEqual({
      id: ARTICLE,
      title: TITLE,
      body: BODY,
      language: 'ar',
      byline: 'محمد الصالح',
      source: 'لكل السوريين',
      authorId: EDITOR,
      status: 'draft',
      version: 1,
      targetLanguages: ['en'],
      pendingClaims: 0,
      missingTranslations: ['en'],
      correctionNeeded: false,
      createdAt: at(0),
      updatedAt: at(0),
      publishedAt: null,
      correctedAt: null,
      retractedAt: null,
      retractionReason: null,
      corrections: [],
      published: null,
      translations: [],
      facts: { revisedInVersion: 1, claims: [], submittedInVersion: {}, titles: [{ at: at(0), title: TITLE }], openCorrectionId: null, correctionDelays: [] },
    });
    expect(articleListItemOf(steps[0])).toEqual({
      id: ARTICLE,
      title: TITLE,
      language: 'ar',
      status: 'draft',
      version: 1,
      pendingClaims: 0,
      missingTranslations: ['en'],
      correctionNeeded: false,
      updatedAt: at(0),
    });
  });

  it('ClaimIdentified, ClaimIdentified, VerdictRecorded → pending claims 1, 2, 1', () => {
    expect(steps.slice(1, 4).map((article) => article.pendingClaims)).toEqual([1, 2, 1]);
  });

  it('TranslationSubmitted → the translation with translator, status and submission time', () => {
    expect(steps[4].translations).toEqual([
      {
        id: TRANSLATION,
        language: 'en',
        title: 'US mission in Iraq',
        body: 'The US will end…',
        status: 'submitted',
        translatorId: TRANSLATOR,
        reviewedBy: null,
        reason: null,
        submittedAt: at(4),
      },
    ]);
  });

  it('DraftRevised → the revised title and body, withdrawn claims out of pending, earlier translations outdated', () => {
    const revised = steps[5];
    expect(revised.title).toBe(REVISED_TITLE);
    expect(revised.body).toBe(BODY.replace('كانون الأول', 'ديسمبر'));
    expect(revised.pendingClaims).toBe(0);
    expect(revised.translations[0].status).toBe('outdated');
    expect(revised.missingTranslations).toEqual(['en']);
    expect(revised.status).toBe('draft');
    expect(revised.facts.titles).toEqual([
      { at: at(0), title: TITLE },
      { at: at(5), title: REVISED_TITLE },
    ]);
  });

  it('TranslationApproved of a current translation with every claim checked → ready', () => {
    expect(steps[7]).toMatchObject({ status: 'ready', missingTranslations: [], pendingClaims: 0, version: 8, updatedAt: at(7) });
    expect(steps[7].translations[1]).toMatchObject({ status: 'approved', reviewedBy: OTHER_EDITOR });
  });

  it('ArticlePublished → published; a later disproving verdict → correction needed', () => {
    expect(steps[8]).toMatchObject({ status: 'published', publishedAt: at(8), correctionNeeded: false, version: 9 });
    expect(steps[9]).toMatchObject({ status: 'published', correctionNeeded: true, version: 10, updatedAt: at(9) });
  });

  it('TranslationRejected → the rejection with its reviewer and reason', () => {
    const rejected = given(
      new RecordedLog().article(ARTICLE, [
        articleLife()[0],
        articleLife()[4],
        { type: 'TranslationRejected', data: { articleId: ARTICLE, translationId: TRANSLATION, reason: 'المصطلحات غير دقيقة' }, metadata: meta(OTHER_EDITOR, 5) },
      ]),
    )
      .documents<ArticleDocument>(articleProjection)
      .get(ARTICLE)!;

    expect(rejected.translations[0]).toMatchObject({ status: 'rejected', reviewedBy: OTHER_EDITOR, reason: 'المصطلحات غير دقيقة' });
    expect(rejected.missingTranslations).toEqual(['en']);
  });

  it('ArticleDrafted without claims or target languages → ready right away', () => {
    const drafted = { ...articleLife()[0], data: { ...articleLife()[0].data, targetLanguages: [] } } as ArticleEvent;
    expect(given(new RecordedLog().article(ARTICLE, [drafted])).documents<ArticleDocument>(articleProjection).get(ARTICLE)!.status).toBe('ready');
  });

  it('an event before ArticleDrafted → refused', () => {
    expect(() => given(new RecordedLog().article(ARTICLE, articleLife().slice(1, 2))).documents(articleProjection)).toThrow(ProjectionError);
  });
});

describe('claim projection', () => {
  const claims = given(life()).documents<ClaimDocument>(claimProjection);

  it('ClaimIdentified, VerdictRecorded ×2, DraftRevised → the claim re-anchored, every verdict, the latest as its verdict', () => {
    expect(claims.get(CLAIM)).toEqual({
      id: CLAIM,
      factCheckId: null,
      articleId: ARTICLE,
      quote: QUOTE,
      start: 40,
      end: 61,
      claimant: 'جو بايدن',
      claimedAt: '2021-07-26',
      status: 'active',
      verdict: 'false',
      laterDisproven: true,
      verdicts: [
        {
          verdict: 'mostly_true',
          rationale: 'بيان مشترك من البيت الأبيض',
          sources: [{ url: 'https://example.org/بيان', title: 'البيان المشترك' }],
          by: CHECKER,
          at: at(3),
        },
        { verdict: 'false', rationale: 'بقيت قوات قتالية بعد الموعد', sources: [], by: CHECKER, at: at(9) },
      ],
      anchors: [
        { at: at(1), start: 41, end: 62, status: 'active' },
        { at: at(5), start: 40, end: 61, status: 'active' },
      ],
    });
  });

  it('DraftRevised without its quote → withdrawn, its history kept', () => {
    expect(claims.get(OTHER_CLAIM)).toMatchObject({ status: 'withdrawn', verdict: 'pending', start: 87, end: 98, claimant: null, claimedAt: null, verdicts: [] });
  });

  it('each event touches only the claims it names', () => {
    const touched = articleLife().map((event) => ((claimProjection.handles as readonly string[]).includes(event.type) ? claimIdsTouchedBy(event as never) : []));
    expect(touched).toEqual([[], [CLAIM], [OTHER_CLAIM], [CLAIM], [], [CLAIM, OTHER_CLAIM], [], [], [], [CLAIM]]);
  });

  it('a verdict on a claim never identified → refused', () => {
    expect(() => given(new RecordedLog().article(ARTICLE, [articleLife()[0], articleLife()[3]])).documents(claimProjection)).toThrow(ProjectionError);
  });

  it('lists a claim with its latest verdicts only, and how many it has', () => {
    const verdict = articleLife()[3] as Extract<ArticleEvent, { type: 'VerdictRecorded' }>;
    const many = Array.from({ length: 25 }, (_, n) => ({ ...verdict, data: { ...verdict.data, rationale: `#${n}` }, metadata: meta(CHECKER, 10 + n) }));
    const claim = given(new RecordedLog().article(ARTICLE, [...articleLife().slice(0, 2), ...many])).documents<ClaimDocument>(claimProjection).get(CLAIM)!;

    const item = claimListItemOf(claim);
    expect(item.verdictCount).toBe(25);
    expect(item.verdicts.map((entry) => entry.rationale)).toEqual(Array.from({ length: LIST_VERDICTS }, (_, n) => `#${15 + n}`));
    expect(item).not.toHaveProperty('anchors');
  });
});

const CORRECTION = '4e5f6a7b-8c9d-4e0f-9a1b-3c4d5e6f7a8b';
const SECOND_CORRECTION = '5f6a7b8c-9d0e-4f1a-8b2c-4d5e6f7a8b9c';
const CORRECTED_TRANSLATION = '6a7b8c9d-0e1f-4a2b-9c3d-5e6f7a8b9c0d';
const CORRECTED_BODY = BODY.replace('كانون الأول', 'ديسمبر') + ' وبقيت قوات قتالية بعد الموعد.';

/** articleLife(), then a correction of the disproven claim, a second correction opened, and a retraction. */
function correctedLife(): ArticleEvent[] {
  return [
    ...articleLife(),
    { type: 'CorrectionOpened', data: { articleId: ARTICLE, correctionId: CORRECTION, reason: 'الادعاء ثبت خطؤه' }, metadata: meta(EDITOR, 10) },
    {
      type: 'DraftRevised',
      data: {
        articleId: ARTICLE,
        title: REVISED_TITLE,
        body: CORRECTED_BODY,
        reanchoredClaims: [{ claimId: CLAIM, start: 40, end: 61 }],
        withdrawnClaimIds: [],
        outdatedTranslationIds: [LATER_TRANSLATION],
      },
      metadata: meta(EDITOR, 11),
    },
    {
      type: 'TranslationSubmitted',
      data: { articleId: ARTICLE, translationId: CORRECTED_TRANSLATION, language: 'en', title: 'US mission in Iraq (corrected)', body: 'Combat troops stayed on.' },
      metadata: meta(TRANSLATOR, 12),
    },
    { type: 'TranslationApproved', data: { articleId: ARTICLE, translationId: CORRECTED_TRANSLATION, published: false }, metadata: meta(OTHER_EDITOR, 13) },
    {
      type: 'CorrectionPublished',
      data: { articleId: ARTICLE, correctionId: CORRECTION, note: 'صُحّحت الفقرة الثانية', publishedTranslationIds: [CORRECTED_TRANSLATION], correctionNeededSince: at(9) },
      metadata: meta(EDITOR, 69),
    },
    { type: 'CorrectionOpened', data: { articleId: ARTICLE, correctionId: SECOND_CORRECTION, reason: 'خطأ إملائي' }, metadata: meta(EDITOR, 70) },
    { type: 'ArticleRetracted', data: { articleId: ARTICLE, reason: 'المصدر سحب البيان', abandonedCorrectionId: SECOND_CORRECTION }, metadata: meta(EDITOR, 71) },
  ];
}

describe('article projection after publication', () => {
  const steps = given(new RecordedLog().article(ARTICLE, correctedLife())).steps<ArticleDocument>(articleProjection);
  const published = steps[8];
  const [opened, revised, , approvedDuringCorrection, corrected, reopened, retracted] = steps.slice(10);

  it('ArticlePublished → what readers see: the text, the version, the time and the approved current translations', () => {
    expect(published.published).toEqual({
      title: REVISED_TITLE,
      body: BODY.replace('كانون الأول', 'ديسمبر'),
      version: 9,
      publishedAt: at(8),
      translations: [{ language: 'en', title: 'US mission in Iraq (rev.)', body: 'The US will end its combat mission…' }],
    });
  });

  it('CorrectionOpened → correcting, the correction open; readers keep the published text while the working copy changes', () => {
    expect(opened.status).toBe('correcting');
    expect(opened.corrections).toEqual([
      { id: CORRECTION, reason: 'الادعاء ثبت خطؤه', note: null, openedBy: EDITOR, openedAt: at(10), publishedBy: null, publishedAt: null, version: null },
    ]);
    expect(opened.correctionNeeded).toBe(true);
    expect(revised.body).toBe(CORRECTED_BODY);
    expect(revised.published).toEqual(published.published);
    expect(revised.missingTranslations).toEqual(['en']);
    expect(approvedDuringCorrection.published).toEqual(published.published);
    expect(articleListItemOf(approvedDuringCorrection).status).toBe('correcting');
  });

  it('CorrectionPublished → published again with the working copy and its translations, correctedAt, correctionNeeded cleared', () => {
    expect(corrected).toMatchObject({ status: 'published', publishedAt: at(8), correctedAt: at(69), correctionNeeded: false });
    expect(corrected.published).toEqual({
      title: REVISED_TITLE,
      body: CORRECTED_BODY,
      version: 15,
      publishedAt: at(69),
      translations: [{ language: 'en', title: 'US mission in Iraq (corrected)', body: 'Combat troops stayed on.' }],
    });
    expect(corrected.corrections[0]).toEqual({
      id: CORRECTION,
      reason: 'الادعاء ثبت خطؤه',
      note: 'صُحّحت الفقرة الثانية',
      openedBy: EDITOR,
      openedAt: at(10),
      publishedBy: EDITOR,
      publishedAt: at(69),
      version: 15,
    });
    expect(corrected.facts.correctionDelays).toEqual([60 * 60_000]);
  });

  it('an approval on a published article with no open correction joins what readers see', () => {
    const log = [
      ...correctedLife().slice(0, 15),
      { type: 'TranslationSubmitted', data: { articleId: ARTICLE, translationId: TRANSLATION.replace('2c', '7c'), language: 'en', title: 'Better', body: 'Better English.' }, metadata: meta(TRANSLATOR, 72) },
      { type: 'TranslationApproved', data: { articleId: ARTICLE, translationId: TRANSLATION.replace('2c', '7c'), published: true }, metadata: meta(OTHER_EDITOR, 73) },
    ] as ArticleEvent[];
    const article = given(new RecordedLog().article(ARTICLE, log)).documents<ArticleDocument>(articleProjection).get(ARTICLE)!;
    expect(article.published?.translations).toEqual([{ language: 'en', title: 'Better', body: 'Better English.' }]);
    expect(article.published?.body).toBe(CORRECTED_BODY);
  });

  it('ArticleRetracted during a second correction → retracted: nothing published, correction needed false, the open correction left unpublished', () => {
    expect(reopened.status).toBe('correcting');
    expect(retracted).toMatchObject({ status: 'retracted', retractedAt: at(71), retractionReason: 'المصدر سحب البيان', published: null, correctionNeeded: false });
    expect(retracted.corrections.map((correction) => [correction.id, correction.publishedAt])).toEqual([
      [CORRECTION, at(69)],
      [SECOND_CORRECTION, null],
    ]);
  });

  it('the dashboard counts each status, open and published corrections, and the hours from the verdict to the correction', () => {
    const counted = (events: ArticleEvent[]) => dashboardOf(Object.fromEntries(given(new RecordedLog().article(ARTICLE, events)).counters()));
    expect(counted(correctedLife().slice(0, 11))).toMatchObject({
      articles: { draft: 0, ready: 0, published: 0, correcting: 1, retracted: 0 },
      correctionNeeded: 1,
      corrections: { open: 1, published: 0, averageHoursToCorrect: null },
    });
    expect(counted(correctedLife().slice(0, 15))).toMatchObject({
      articles: { published: 1, correcting: 0 },
      correctionNeeded: 0,
      corrections: { open: 0, published: 1, averageHoursToCorrect: 1 },
    });
    expect(counted(correctedLife())).toMatchObject({
      articles: { draft: 0, ready: 0, published: 0, correcting: 0, retracted: 1 },
      corrections: { open: 0, published: 1, averageHoursToCorrect: 1 },
    });
  });
});

describe('dashboard counters', () => {
  it('a full article life → counted where its documents stand: articles by status, active claims by verdict', () => {
    expect(dashboardOf(Object.fromEntries(given(life()).counters()))).toEqual({
      articles: { draft: 0, ready: 0, published: 1, correcting: 0, retracted: 0 },
      claims: { pending: 0, true: 0, mostly_true: 0, mixed: 0, misleading: 0, false: 1, unverifiable: 0 },
      laterDisproven: 1,
      correctionNeeded: 1,
      corrections: { open: 0, published: 0, averageHoursToCorrect: null },
    });
  });

  it('a withdrawn claim counts nowhere', () => {
    const withdrawn = given(life()).documents<ClaimDocument>(claimProjection).get(OTHER_CLAIM)!;
    expect(claimProjection.counters!(withdrawn)).toEqual([]);
  });
});

describe('normalizeInstant', () => {
  it('stores every instant in the one ISO form whose text order is time order', () => {
    expect(normalizeInstant('2026-03-08T09:30:00Z')).toBe('2026-03-08T09:30:00.000Z');
    expect(normalizeInstant('2026-03-08T12:30:00.5+03:00')).toBe('2026-03-08T09:30:00.500Z');
    expect(normalizeInstant('2026-03-08T09:30:00.000Z')).toBe('2026-03-08T09:30:00.000Z');
  });
});
