import { describe, expect, it } from '@jest/globals';
import type { ArticleEvent, EventMetadata } from '#editorial';
import type { RecordedEvent } from '#event-store';
import { RecordedLog } from '../../test/recorded-events.js';
import type { ArticleRow, ClaimRow } from '../read-model.types.js';
import { evolveArticle } from './article.projection.js';
import { claimIdsTouchedBy, evolveClaim } from './claim.projection.js';
import { articleCounterDelta, claimCounterDelta, dashboardOf } from './dashboard.projection.js';
import { normalizeInstant, ProjectionError, toArticleEvent, type ArticleRecordedEvent } from './event-facts.js';
import { historyEntryOf } from './history.projection.js';

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

function facts(events: RecordedEvent[]): ArticleRecordedEvent[] {
  return events.map((event) => {
    const fact = toArticleEvent(event);
    if (!fact) throw new Error(`not an article event: ${event.type}`);
    return fact;
  });
}

function foldArticleRows(events: ArticleRecordedEvent[]): ArticleRow[] {
  const rows: ArticleRow[] = [];
  events.reduce<ArticleRow | null>((row, event) => {
    const next = evolveArticle(row, event);
    rows.push(next);
    return next;
  }, null);
  return rows;
}

function foldClaims(events: ArticleRecordedEvent[]): Map<string, ClaimRow> {
  const claims = new Map<string, ClaimRow>();
  for (const event of events) {
    for (const claimId of claimIdsTouchedBy(event)) claims.set(claimId, evolveClaim(claims.get(claimId) ?? null, event));
  }
  return claims;
}

describe('toArticleEvent', () => {
  it('takes version, time and user from the envelope, falling back to the recording time', () => {
    const log = new RecordedLog();
    const [drafted, claim] = log.article(ARTICLE, articleLife().slice(0, 2));
    const withoutAt = { ...claim, metadata: { userId: CHECKER } };

    expect(toArticleEvent(drafted)).toMatchObject({ version: 1, at: at(0), by: EDITOR, type: 'ArticleDrafted' });
    expect(toArticleEvent(withoutAt)).toMatchObject({ version: 2, at: claim.recordedAt.toISOString(), by: CHECKER });
  });

  it('ignores other streams and event types it does not know', () => {
    const log = new RecordedLog();
    const [foreign] = log.record('invoice-1', [articleLife()[0]]);
    const [unknown] = log.record(`article-${ARTICLE}`, [{ type: 'ArticleArchived', data: {}, metadata: meta(EDITOR, 1) } as never]);

    expect(toArticleEvent(foreign)).toBeNull();
    expect(toArticleEvent(unknown)).toBeNull();
  });
});

describe('article projection', () => {
  const rows = foldArticleRows(facts(new RecordedLog().article(ARTICLE, articleLife())));

  it('starts a draft with every field of the detail, Arabic text unchanged', () => {
    expect(rows[0]).toEqual({
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
      translations: [],
      claimStates: [],
    });
  });

  it('counts active claims without a verdict as pending', () => {
    expect(rows.slice(1, 4).map((row) => row.pendingClaims)).toEqual([1, 2, 1]);
  });

  it('keeps the translations with translator, status and submission time', () => {
    expect(rows[4].translations).toEqual([
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

  it('takes the revised title and body, drops withdrawn claims from pending and outdates earlier translations', () => {
    const revised = rows[5];
    expect(revised.title).toBe(REVISED_TITLE);
    expect(revised.body).toBe(BODY.replace('كانون الأول', 'ديسمبر'));
    expect(revised.pendingClaims).toBe(0);
    expect(revised.translations[0].status).toBe('outdated');
    expect(revised.missingTranslations).toEqual(['en']);
    expect(revised.status).toBe('draft');
  });

  it('is ready once every active claim has a verdict and each target language an approved current translation', () => {
    expect(rows[7]).toMatchObject({ status: 'ready', missingTranslations: [], pendingClaims: 0, version: 8, updatedAt: at(7) });
    expect(rows[7].translations[1]).toMatchObject({ status: 'approved', reviewedBy: OTHER_EDITOR });
  });

  it('is published with its publication time, and flags a correction when a later verdict disproves a claim', () => {
    expect(rows[8]).toMatchObject({ status: 'published', publishedAt: at(8), correctionNeeded: false, version: 9 });
    expect(rows[9]).toMatchObject({ status: 'published', correctionNeeded: true, version: 10, updatedAt: at(9) });
  });

  it('records a rejection with its reviewer and reason', () => {
    const log = new RecordedLog();
    const events = facts(
      log.article(ARTICLE, [
        articleLife()[0],
        articleLife()[4],
        { type: 'TranslationRejected', data: { articleId: ARTICLE, translationId: TRANSLATION, reason: 'المصطلحات غير دقيقة' }, metadata: meta(OTHER_EDITOR, 5) },
      ]),
    );
    const rejected = foldArticleRows(events).at(-1)!;

    expect(rejected.translations[0]).toMatchObject({ status: 'rejected', reviewedBy: OTHER_EDITOR, reason: 'المصطلحات غير دقيقة' });
    expect(rejected.missingTranslations).toEqual(['en']);
  });

  it('is ready right away without claims or target languages', () => {
    const [drafted] = facts(new RecordedLog().article(ARTICLE, [{ ...articleLife()[0], data: { ...articleLife()[0].data, targetLanguages: [] } } as ArticleEvent]));
    expect(evolveArticle(null, drafted).status).toBe('ready');
  });

  it('refuses an event for an article it never saw drafted', () => {
    const [, claim] = facts(new RecordedLog().article(ARTICLE, articleLife().slice(0, 2)));
    expect(() => evolveArticle(null, claim)).toThrow(ProjectionError);
  });
});

describe('claim projection', () => {
  const events = facts(new RecordedLog().article(ARTICLE, articleLife()));
  const claims = foldClaims(events);

  it('keeps the claim with its anchor, claimant, every verdict and the latest as its verdict', () => {
    expect(claims.get(CLAIM)).toEqual({
      id: CLAIM,
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
    });
  });

  it('withdraws a claim whose quote the revision removed, keeping its history', () => {
    expect(claims.get(OTHER_CLAIM)).toMatchObject({ status: 'withdrawn', verdict: 'pending', start: 87, end: 98, claimant: null, claimedAt: null, verdicts: [] });
  });

  it('touches only the claims an event names', () => {
    expect(events.map((event) => claimIdsTouchedBy(event))).toEqual([[], [CLAIM], [OTHER_CLAIM], [CLAIM], [], [CLAIM, OTHER_CLAIM], [], [], [], [CLAIM]]);
  });

  it('refuses a verdict on a claim it never saw identified', () => {
    expect(() => evolveClaim(null, events[3])).toThrow(ProjectionError);
  });
});

describe('history projection', () => {
  it('lists each event with version, type, time, user and data', () => {
    const events = facts(new RecordedLog().article(ARTICLE, articleLife()));
    expect(historyEntryOf(events[0])).toEqual({ version: 1, type: 'ArticleDrafted', at: at(0), by: EDITOR, data: articleLife()[0].data });
    expect(events.map((event) => historyEntryOf(event).version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});

describe('dashboard projection', () => {
  it('moves counters with each row change: articles by status, active claims by verdict', () => {
    const events = facts(new RecordedLog().article(ARTICLE, articleLife()));
    const counters = new Map<string, number>();
    let article: ArticleRow | null = null;
    const claims = new Map<string, ClaimRow>();
    for (const event of events) {
      const next = evolveArticle(article, event);
      const delta = articleCounterDelta(article, next);
      article = next;
      for (const claimId of claimIdsTouchedBy(event)) {
        const before = claims.get(claimId) ?? null;
        const after = evolveClaim(before, event);
        claims.set(claimId, after);
        claimCounterDelta(before, after, delta);
      }
      for (const [name, change] of delta) counters.set(name, (counters.get(name) ?? 0) + change);
    }

    expect(dashboardOf(counters)).toEqual({
      articles: { draft: 0, ready: 0, published: 1 },
      claims: { pending: 0, true: 0, mostly_true: 0, mixed: 0, misleading: 0, false: 1, unverifiable: 0 },
      laterDisproven: 1,
      correctionNeeded: 1,
    });
  });

  it('leaves the counters alone when nothing counted changes', () => {
    const [drafted, claim] = facts(new RecordedLog().article(ARTICLE, articleLife().slice(0, 2)));
    const row = evolveArticle(null, drafted);
    expect(articleCounterDelta(row, { ...row, title: 'عنوان آخر' })).toEqual(new Map());
    expect(claimCounterDelta(null, { ...evolveClaim(null, claim), status: 'withdrawn' })).toEqual(new Map());
  });
});

describe('normalizeInstant', () => {
  it('stores every instant in the one ISO form whose text order is time order', () => {
    expect(normalizeInstant('2026-03-08T09:30:00Z')).toBe('2026-03-08T09:30:00.000Z');
    expect(normalizeInstant('2026-03-08T12:30:00.5+03:00')).toBe('2026-03-08T09:30:00.500Z');
    expect(normalizeInstant('2026-03-08T09:30:00.000Z')).toBe('2026-03-08T09:30:00.000Z');
  });
});
