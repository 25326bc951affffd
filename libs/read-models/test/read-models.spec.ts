import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { articleStreamId, readinessOf } from '#editorial';
import type { SqliteEventStore } from '#event-store';
import {
  generateArticle,
  InvalidCursorError,
  claimProjection,
  PROJECTIONS,
  ProjectionTimeoutError,
  readinessFactsOf,
  type ArticleDocument,
  readArticleHistory,
  rebuildIfStale,
  staleReason,
  ProjectionRunner,
  ReadModelQueries,
  rebuildReadModels,
  type ClaimView,
  type ReadModelDatabase,
} from '../src/index.js';
import { appendGenerated, dumpReadModels, Newsroom, openFreshReadModels, openStore, projectionsPerTest, tempDataDir } from './read-model-fixture.js';

const EDITOR = 'editor-rania';
const OTHER_EDITOR = 'editor-samir';
const CHECKER = 'checker-omar';
const TRANSLATOR = 'translator-lina';
const TITLE = 'مهمة القوات الأمريكية في العراق.. من القتال إلى التدريب';
const REVISED_TITLE = 'مهمة القوّات الأمريكيّة ـ تحديث\u200F 👩🏽‍💻 ٢٠٢١';
const BODY =
  'أكد الرئيس الأمريكي أن الولايات المتحدة ستنهي مهمتها القتالية في العراق مع حلول نهاية العام الجاري.\n' +
  'ولن يكون هناك أي وجود لقوات قتالية أمريكية في العراق بحلول 31 كانون الأول المقبل.';
const ARTICLE = '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b';
const OTHER_ARTICLE = '7a2d3b0f-4c5e-4f60-9b8c-0d1e2f3a4b5c';

const justBefore = (instant: Date) => new Date(instant.getTime() - 1);

describe('read models over the embedded SQLite store', () => {
  let temp: ReturnType<typeof tempDataDir>;
  let store: SqliteEventStore;
  let db: ReadModelDatabase;
  let runner: ProjectionRunner;
  let queries: ReadModelQueries;
  let newsroom: Newsroom;

  projectionsPerTest('spec', (parts) => ({ temp, store, db, runner, queries, newsroom } = parts));

  /** A seed-like life: draft, claims, verdicts, translation, revision, approval, publication, a later disproof. */
  async function seedWorkflow() {
    const run = async (command: Parameters<Newsroom['execute']>[0]) => {
      const outcome = await newsroom.execute(command);
      return outcome;
    };
    const drafted = await run({
      type: 'DraftArticle',
      userId: EDITOR,
      data: { articleId: ARTICLE, title: TITLE, body: BODY, language: 'ar', byline: 'محمد الصالح', source: 'لكل السوريين', targetLanguages: ['en'] },
    });
    const first = await run({
      type: 'IdentifyClaim',
      userId: CHECKER,
      data: { articleId: ARTICLE, quote: 'ستنهي مهمتها القتالية', claimant: 'جو بايدن', claimedAt: '2021-07-26' },
    });
    const second = await run({ type: 'IdentifyClaim', userId: EDITOR, data: { articleId: ARTICLE, quote: 'كانون الأول' } });
    const beforeVerdict = justBefore(newsroom.nextInstant());
    await run({
      type: 'RecordVerdict',
      userId: CHECKER,
      data: {
        articleId: ARTICLE,
        claimId: first.newIds[0],
        verdict: 'mostly_true',
        rationale: 'بيان مشترك من البيت الأبيض',
        sources: [{ url: 'https://example.org/statement', title: 'البيان المشترك' }],
      },
    });
    const translation = await run({ type: 'SubmitTranslation', userId: TRANSLATOR, data: { articleId: ARTICLE, language: 'en', title: 'US mission', body: 'The US will end…' } });
    const beforeRevision = justBefore(newsroom.nextInstant());
    await run({ type: 'ReviseDraft', userId: EDITOR, data: { articleId: ARTICLE, title: REVISED_TITLE, body: BODY.replace('كانون الأول', 'ديسمبر') } });
    const retranslation = await run({
      type: 'SubmitTranslation',
      userId: TRANSLATOR,
      data: { articleId: ARTICLE, language: 'en', title: 'US mission (rev.)', body: 'The US will end its combat mission…' },
    });
    await run({ type: 'RejectTranslation', userId: OTHER_EDITOR, data: { articleId: ARTICLE, translationId: retranslation.newIds[0], reason: 'المصطلحات غير دقيقة' } }).catch(
      () => undefined,
    );
    const third = await run({
      type: 'SubmitTranslation',
      userId: TRANSLATOR,
      data: { articleId: ARTICLE, language: 'en', title: 'US mission (final)', body: 'The US will end its combat mission in Iraq.' },
    });
    await run({ type: 'ApproveTranslation', userId: OTHER_EDITOR, data: { articleId: ARTICLE, translationId: third.newIds[0] } });
    await run({ type: 'PublishArticle', userId: EDITOR, data: { articleId: ARTICLE } });
    const beforeDisproof = justBefore(newsroom.nextInstant());
    const last = await run({
      type: 'RecordVerdict',
      userId: CHECKER,
      data: { articleId: ARTICLE, claimId: first.newIds[0], verdict: 'false', rationale: 'بقيت قوات قتالية بعد الموعد' },
    });
    await run({
      type: 'DraftArticle',
      userId: EDITOR,
      data: { articleId: OTHER_ARTICLE, title: 'مقال آخر', body: 'نص قصير فيه ادعاء واحد.', language: 'ar', targetLanguages: [] },
    });
    const otherClaim = await run({ type: 'IdentifyClaim', userId: CHECKER, data: { articleId: OTHER_ARTICLE, quote: 'ادعاء واحد' } });
    return {
      drafted,
      claimId: first.newIds[0],
      withdrawnClaimId: second.newIds[0],
      otherClaimId: otherClaim.newIds[0],
      translationId: translation.newIds[0],
      rejectedId: retranslation.newIds[0],
      approvedId: third.newIds[0],
      beforeVerdict,
      beforeRevision,
      beforeDisproof,
      position: otherClaim.result.position,
      lastOfArticle: last,
    };
  }

  it('answers every query field from a seed-like workflow, Arabic text unchanged', async () => {
    runner.start();
    const seed = await seedWorkflow();
    await runner.waitFor(seed.position);
    const [t] = newsroom.instants;
    const at = (index: number) => newsroom.instants[index];
    const domain = (await newsroom.domainState(ARTICLE))!;

    const article = queries.getArticle(ARTICLE)!;
    expect(article).toEqual({
      id: ARTICLE,
      title: REVISED_TITLE,
      body: BODY.replace('كانون الأول', 'ديسمبر'),
      language: 'ar',
      byline: 'محمد الصالح',
      source: 'لكل السوريين',
      authorId: EDITOR,
      status: 'published',
      version: 12,
      targetLanguages: ['en'],
      pendingClaims: 0,
      missingTranslations: [],
      correctionNeeded: true,
      createdAt: t,
      updatedAt: at(11),
      publishedAt: at(10),
      correctedAt: null,
      retractedAt: null,
      retractionReason: null,
      corrections: [],
      published: {
        title: REVISED_TITLE,
        body: BODY.replace('كانون الأول', 'ديسمبر'),
        version: 11,
        publishedAt: at(10),
        translations: [{ language: 'en', title: 'US mission (final)', body: 'The US will end its combat mission in Iraq.' }],
      },
      claims: [queries.getClaim(seed.claimId), queries.getClaim(seed.withdrawnClaimId)],
      translations: [
        {
          id: seed.translationId,
          language: 'en',
          title: 'US mission',
          body: 'The US will end…',
          status: 'outdated',
          translatorId: TRANSLATOR,
          reviewedBy: null,
          reason: null,
          submittedAt: at(4),
        },
        {
          id: seed.rejectedId,
          language: 'en',
          title: 'US mission (rev.)',
          body: 'The US will end its combat mission…',
          status: 'rejected',
          translatorId: TRANSLATOR,
          reviewedBy: OTHER_EDITOR,
          reason: 'المصطلحات غير دقيقة',
          submittedAt: at(6),
        },
        {
          id: seed.approvedId,
          language: 'en',
          title: 'US mission (final)',
          body: 'The US will end its combat mission in Iraq.',
          status: 'approved',
          translatorId: TRANSLATOR,
          reviewedBy: OTHER_EDITOR,
          reason: null,
          submittedAt: at(8),
        },
      ],
    });
    expect(article.status).toBe(readinessOf(domain).status);

    const claim = queries.getClaim(seed.claimId)!;
    const domainClaim = domain.claims.find((candidate) => candidate.claimId === seed.claimId)!;
    expect(claim).toEqual({
      id: seed.claimId,
      factCheckId: null,
      articleId: ARTICLE,
      articleTitle: REVISED_TITLE,
      quote: 'ستنهي مهمتها القتالية',
      start: domainClaim.start,
      end: domainClaim.end,
      claimant: 'جو بايدن',
      claimedAt: domainClaim.claimedAt,
      status: 'active',
      verdict: 'false',
      laterDisproven: true,
      verdicts: [
        {
          verdict: 'mostly_true',
          rationale: 'بيان مشترك من البيت الأبيض',
          sources: [{ url: 'https://example.org/statement', title: 'البيان المشترك' }],
          by: CHECKER,
          at: at(3),
        },
        { verdict: 'false', rationale: 'بقيت قوات قتالية بعد الموعد', sources: [], by: CHECKER, at: at(11) },
      ],
    });
    expect(queries.getClaim(seed.withdrawnClaimId)).toMatchObject({ status: 'withdrawn', verdict: 'pending', articleTitle: REVISED_TITLE, claimant: null });

    const history = (await readArticleHistory(store, ARTICLE))!.entries;
    expect(history.map((entry) => entry.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(history.map((entry) => entry.type)).toEqual([
      'ArticleDrafted',
      'ClaimIdentified',
      'ClaimIdentified',
      'VerdictRecorded',
      'TranslationSubmitted',
      'DraftRevised',
      'TranslationSubmitted',
      'TranslationRejected',
      'TranslationSubmitted',
      'TranslationApproved',
      'ArticlePublished',
      'VerdictRecorded',
    ]);
    expect(history[0]).toEqual({ version: 1, type: 'ArticleDrafted', at: t, by: EDITOR, data: seed.drafted.events[0].data });
    expect(await readArticleHistory(store, '00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(queries.getArticle('00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(queries.getClaim('00000000-0000-4000-8000-000000000000')).toBeNull();

    expect(queries.listArticles({ limit: 10 })).toEqual({
      items: [
        {
          id: OTHER_ARTICLE,
          title: 'مقال آخر',
          language: 'ar',
          status: 'draft',
          version: 2,
          pendingClaims: 1,
          missingTranslations: [],
          correctionNeeded: false,
          updatedAt: at(13),
        },
        {
          id: ARTICLE,
          title: REVISED_TITLE,
          language: 'ar',
          status: 'published',
          version: 12,
          pendingClaims: 0,
          missingTranslations: [],
          correctionNeeded: true,
          updatedAt: at(11),
        },
      ],
      nextCursor: null,
    });
    expect(queries.listArticles({ status: 'draft' }).items.map((item) => item.id)).toEqual([OTHER_ARTICLE]);
    expect(queries.listArticles({ status: 'ready' }).items).toEqual([]);

    const ids = (items: ClaimView[]) => items.map((item) => item.id);
    expect(ids(queries.listClaims({}).items)).toEqual([seed.otherClaimId, seed.withdrawnClaimId, seed.claimId]);
    expect(ids(queries.listClaims({ verdict: 'pending' }).items)).toEqual([seed.otherClaimId]);
    expect(ids(queries.listClaims({ verdict: 'false' }).items)).toEqual([seed.claimId]);
    expect(ids(queries.listClaims({ verdict: 'mostly_true' }).items)).toEqual([]);
    expect(ids(queries.listClaims({ laterDisproven: true }).items)).toEqual([seed.claimId]);
    expect(ids(queries.listClaims({ laterDisproven: false }).items)).toEqual([seed.otherClaimId, seed.withdrawnClaimId]);
    expect(ids(queries.listClaims({ articleId: ARTICLE }).items)).toEqual([seed.withdrawnClaimId, seed.claimId]);
    expect(ids(queries.listClaims({ articleId: OTHER_ARTICLE, verdict: 'pending' }).items)).toEqual([seed.otherClaimId]);
    expect(queries.listClaims({ verdict: 'false' }).items[0]).toEqual({ ...claim, verdictCount: 2 });
    for (const filter of [{}, { verdict: 'pending' as const }, { laterDisproven: false, limit: 1 }, { articleId: ARTICLE }]) {
      expect(JSON.parse(queries.listClaimsJson(filter))).toEqual(queries.listClaims(filter));
    }

    expect(queries.dashboard()).toEqual({
      articles: { draft: 1, ready: 0, published: 1, correcting: 0, retracted: 0 },
      claims: { pending: 1, true: 0, mostly_true: 0, mixed: 0, misleading: 0, false: 1, unverifiable: 0 },
      laterDisproven: 1,
      correctionNeeded: 1,
      corrections: { open: 0, published: 0, averageHoursToCorrect: null },
    });
  });

  it('answers a claim as it stood at a past instant: verdicts, offsets, status and title of then', async () => {
    runner.start();
    const seed = await seedWorkflow();
    await runner.waitFor(seed.position);

    expect(queries.getClaim(seed.claimId, justBefore(new Date(newsroom.instants[1])))).toBeNull();
    expect(queries.getClaim(seed.claimId, seed.beforeVerdict)).toMatchObject({ verdict: 'pending', verdicts: [] });
    const identified = queries.getClaim(seed.claimId, new Date(newsroom.instants[1]))!;
    expect(identified).toMatchObject({ verdict: 'pending', verdicts: [], laterDisproven: false, articleTitle: TITLE, status: 'active' });
    const believed = queries.getClaim(seed.claimId, seed.beforeRevision)!;
    expect(believed).toMatchObject({ verdict: 'mostly_true', laterDisproven: false, articleTitle: TITLE });
    expect(believed.verdicts.map((verdict) => verdict.verdict)).toEqual(['mostly_true']);
    expect(queries.getClaim(seed.claimId, seed.beforeDisproof)).toMatchObject({ verdict: 'mostly_true', articleTitle: REVISED_TITLE });
    expect(queries.getClaim(seed.claimId, new Date('2100-01-01T00:00:00Z'))).toEqual(queries.getClaim(seed.claimId));

    const withdrawnBefore = queries.getClaim(seed.withdrawnClaimId, seed.beforeRevision)!;
    const withdrawnAfter = queries.getClaim(seed.withdrawnClaimId, new Date(newsroom.instants[5]))!;
    expect([withdrawnBefore.status, withdrawnAfter.status]).toEqual(['active', 'withdrawn']);
    expect(withdrawnBefore.start).toBe(withdrawnAfter.start);
  });

  it('matches the domain on status, pending claims and missing translations at every step', async () => {
    runner.start();
    const articleId = '8b3e4c1a-5d6f-4a71-8c9d-1e2f3a4b5c6d';
    const steps = [
      { type: 'DraftArticle', userId: EDITOR, data: { articleId, title: TITLE, body: BODY, language: 'ar', targetLanguages: ['en', 'fr'] } },
      { type: 'IdentifyClaim', userId: CHECKER, data: { articleId, quote: 'العراق', occurrence: 2 } },
      { type: 'SubmitTranslation', userId: TRANSLATOR, data: { articleId, language: 'en', title: 'Iraq', body: 'Body.' } },
      { type: 'SubmitTranslation', userId: TRANSLATOR, data: { articleId, language: 'fr', title: 'Irak', body: 'Texte.' } },
    ] as const;
    const translations: string[] = [];
    let claimId = '';
    const check = async (position: Parameters<ProjectionRunner['waitFor']>[0]) => {
      await runner.waitFor(position);
      const domain = (await newsroom.domainState(articleId))!;
      const article = queries.getArticle(articleId)!;
      expect([article.status, article.pendingClaims, article.missingTranslations]).toEqual([
        readinessOf(domain).status,
        readinessOf(domain).pendingClaims,
        readinessOf(domain).missingTranslations,
      ]);
    };
    for (const step of steps) {
      const { result, newIds } = await newsroom.execute(structuredClone(step) as never);
      if (step.type === 'SubmitTranslation') translations.push(newIds[0]);
      if (step.type === 'IdentifyClaim') claimId = newIds[0];
      await check(result.position);
    }
    for (const command of [
      { type: 'ApproveTranslation', userId: EDITOR, data: { articleId, translationId: translations[0] } },
      { type: 'RecordVerdict', userId: CHECKER, data: { articleId, claimId, verdict: 'unverifiable', rationale: 'لا مصادر' } },
      { type: 'ApproveTranslation', userId: EDITOR, data: { articleId, translationId: translations[1] } },
      { type: 'ReviseDraft', userId: EDITOR, data: { articleId, title: 'عنوان جديد' } },
    ]) {
      await check((await newsroom.execute(command as never)).result.position);
    }
    expect(queries.getArticle(articleId)!.missingTranslations).toEqual(['en', 'fr']);
  });

  it('over random command sequences, equals readinessOf(domain state) on status, unmet conditions and counts', async () => {
    runner.start();
    const quotes = ['ستنهي مهمتها القتالية', 'العراق', 'كانون الأول', 'الرئيس الأمريكي'];
    const bodies = [BODY, BODY.replace('كانون الأول', 'ديسمبر'), BODY.replace('ستنهي مهمتها القتالية', 'أنهت مهامها')];
    const step = fc.oneof(
      fc.record({ kind: fc.constant('identify' as const), quote: fc.constantFrom(...quotes) }),
      fc.record({ kind: fc.constant('verdict' as const), claim: fc.nat(5), verdict: fc.constantFrom('true', 'false', 'mixed', 'unverifiable') }),
      fc.record({ kind: fc.constant('translate' as const), language: fc.constantFrom('en', 'fr') }),
      fc.record({ kind: fc.constant('approve' as const), translation: fc.nat(5) }),
      fc.record({ kind: fc.constant('reject' as const), translation: fc.nat(5) }),
      fc.record({ kind: fc.constant('revise' as const), body: fc.nat(bodies.length - 1) }),
      fc.record({ kind: fc.constant('publish' as const) }),
    );
    let articles = 0;
    await fc.assert(
      fc.asyncProperty(fc.subarray(['en', 'fr']), fc.array(step, { minLength: 1, maxLength: 14 }), async (targetLanguages, steps) => {
        const articleId = `8b3e4c1a-5d6f-4a71-8c9d-${String(articles++).padStart(12, '0')}`;
        const claims: string[] = [];
        const translations: string[] = [];
        const run = async (command: object) => {
          try {
            const { result, newIds } = await newsroom.execute(command as never);
            await runner.waitFor(result.position);
            return newIds;
          } catch (error) {
            if (error instanceof ProjectionTimeoutError) throw error;
            return []; // a command the domain refuses writes nothing
          }
        };
        await run({ type: 'DraftArticle', userId: EDITOR, data: { articleId, title: TITLE, body: BODY, language: 'ar', targetLanguages } });
        for (const next of steps) {
          if (next.kind === 'identify') claims.push(...(await run({ type: 'IdentifyClaim', userId: CHECKER, data: { articleId, quote: next.quote } })));
          if (next.kind === 'verdict' && claims.length > 0) {
            await run({ type: 'RecordVerdict', userId: CHECKER, data: { articleId, claimId: claims[next.claim % claims.length], verdict: next.verdict, rationale: 'سبب' } });
          }
          if (next.kind === 'translate') {
            translations.push(...(await run({ type: 'SubmitTranslation', userId: TRANSLATOR, data: { articleId, language: next.language, title: 'T', body: 'B.' } })));
          }
          if ((next.kind === 'approve' || next.kind === 'reject') && translations.length > 0) {
            const translationId = translations[next.translation % translations.length];
            await run(
              next.kind === 'approve'
                ? { type: 'ApproveTranslation', userId: OTHER_EDITOR, data: { articleId, translationId } }
                : { type: 'RejectTranslation', userId: OTHER_EDITOR, data: { articleId, translationId, reason: 'لا' } },
            );
          }
          if (next.kind === 'revise') await run({ type: 'ReviseDraft', userId: EDITOR, data: { articleId, body: bodies[next.body] } });
          if (next.kind === 'publish') await run({ type: 'PublishArticle', userId: EDITOR, data: { articleId } });

          const domain = readinessOf((await newsroom.domainState(articleId))!);
          const document = JSON.parse(db.prepare<[string], string>('SELECT doc FROM articles WHERE id = ?').pluck().get(articleId)!) as ArticleDocument;
          const article = queries.getArticle(articleId)!;
          expect({ status: article.status, pendingClaims: article.pendingClaims, missingTranslations: article.missingTranslations }).toEqual({
            status: domain.status,
            pendingClaims: domain.pendingClaims,
            missingTranslations: domain.missingTranslations,
          });
          expect(readinessOf(readinessFactsOf(document)).unmet).toEqual(domain.unmet);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('lists a claim with its latest 10 verdicts and verdictCount, as objects and as JSON text alike', async () => {
    runner.start();
    const articleId = '9c4f5d2b-6e7a-4b82-9d0e-2f3a4b5c6d7e';
    await newsroom.execute({ type: 'DraftArticle', userId: EDITOR, data: { articleId, title: TITLE, body: BODY, language: 'ar', targetLanguages: [] } } as never);
    const { newIds } = await newsroom.execute({ type: 'IdentifyClaim', userId: CHECKER, data: { articleId, quote: 'العراق', occurrence: 1 } } as never);
    let last;
    for (let n = 1; n <= 12; n += 1) {
      last = await newsroom.execute({ type: 'RecordVerdict', userId: CHECKER, data: { articleId, claimId: newIds[0], verdict: 'mixed', rationale: `#${n}` } } as never);
    }
    await runner.waitFor(last!.result.position);

    const page = queries.listClaims({ articleId });
    expect(page.items[0].verdictCount).toBe(12);
    expect(page.items[0].verdicts.map((verdict) => verdict.rationale)).toEqual(Array.from({ length: 10 }, (_, n) => `#${n + 3}`));
    expect(JSON.parse(queries.listClaimsJson({ articleId }))).toEqual(page);
    expect(queries.getClaim(newIds[0])!.verdicts).toHaveLength(12);
  });

  it('pages newest first with opaque cursors, with and without filters', async () => {
    await appendGenerated(store, Array.from({ length: 45 }, (_, index) => generateArticle(index, { claimsPerArticle: 2 })));
    runner.start();
    await runner.waitFor((await store.headPosition())!);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = queries.listArticles({ limit: 20, cursor });
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
      if (cursor) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 45 }, (_, index) => generateArticle(44 - index).articleId));

    const drafts = db.prepare(`SELECT id FROM articles WHERE status = 'draft' ORDER BY seq DESC`).pluck().all();
    const pagedDrafts: string[] = [];
    cursor = undefined;
    do {
      const page = queries.listArticles({ status: 'draft', limit: 7, cursor });
      pagedDrafts.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pagedDrafts).toEqual(drafts);
    expect(drafts.length).toBeGreaterThan(7);

    const pendingClaims: string[] = [];
    cursor = undefined;
    do {
      const page = queries.listClaims({ verdict: 'pending', limit: 3, cursor });
      pendingClaims.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pendingClaims).toEqual(
      db.prepare(`SELECT id FROM claims WHERE verdict = 'pending' AND status = 'active' ORDER BY seq DESC`).pluck().all(),
    );
    expect(pendingClaims).toHaveLength(queries.dashboard().claims.pending);

    expect(() => queries.listArticles({ cursor: 'not a cursor!' })).toThrow(InvalidCursorError);
    expect(() => queries.listClaims({ cursor: Buffer.from('x:1').toString('base64url') })).toThrow(InvalidCursorError);
  });

  it('stops at an event a projection refuses, reports it in health, and never skips it', async () => {
    const before = generateArticle(1);
    await appendGenerated(store, [before]);
    const broken = await store.appendToStream(
      articleStreamId(OTHER_ARTICLE),
      [{ id: '0d9c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a', type: 'ClaimIdentified', data: { articleId: OTHER_ARTICLE }, metadata: { userId: CHECKER, at: '2026-03-08T10:00:00.000Z' } }],
      'no_stream',
    );
    const after = await appendGenerated(store, [generateArticle(2)]);
    runner.start();

    await expect(runner.waitFor(after!, 10_000)).rejects.toThrow(/ClaimIdentified/);
    const health = await runner.health();
    expect(health).toMatchObject({
      ok: false,
      state: 'failed',
      position: `${before.events.length}/${before.events.length}`,
      error: { eventId: '0d9c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a', streamId: articleStreamId(OTHER_ARTICLE), type: 'ClaimIdentified', position: `${broken.position.commit}/${broken.position.prepare}` },
    });
    expect(health.lag).toBe(Number(after!.commit) - before.events.length);
    expect(queries.getArticle(before.articleId)).not.toBeNull();
    expect(queries.getArticle(generateArticle(2).articleId)).toBeNull();

    await runner.stop();
    runner = new ProjectionRunner(store, db);
    runner.start();
    await expect(runner.waitFor(after!, 10_000)).rejects.toThrow(/ClaimIdentified/);
    expect((await runner.health()).position).toBe(`${before.events.length}/${before.events.length}`);
  });

  it('names the event whose data breaks a row constraint, and applies nothing of it', async () => {
    const article = generateArticle(3);
    await appendGenerated(store, [article]);
    const malformed = await store.appendToStream(
      article.streamId,
      [{ id: '1e0d9c8b-7a6f-4e5d-9c3b-2a1f0e9d8c7b', type: 'ClaimIdentified', data: { claimId: 'c-1' }, metadata: { userId: CHECKER } }],
      BigInt(article.events.length - 1),
    );
    runner.start();

    await expect(runner.waitFor(malformed.position, 10_000)).rejects.toThrow(/NOT NULL/);
    expect((await runner.health()).error).toMatchObject({ eventId: '1e0d9c8b-7a6f-4e5d-9c3b-2a1f0e9d8c7b', type: 'ClaimIdentified' });
    expect(queries.getArticle(article.articleId)!.version).toBe(article.events.length);
    expect(queries.getClaim('c-1')).toBeNull();
  });

  it('reports read models that are ahead of the event store as not ok', async () => {
    await appendGenerated(store, [generateArticle(1)]);
    runner.start();
    await runner.waitFor((await store.headPosition())!);
    await runner.stop();
    const emptyDir = tempDataDir('empty-store');
    const emptyStore = openStore(emptyDir.dir);
    try {
      const health = await new ProjectionRunner(emptyStore, db).health();
      expect(health).toMatchObject({ ok: false, lag: 0, error: { message: expect.stringMatching(/projections:rebuild/) } });
    } finally {
      await emptyStore.close();
      emptyDir.remove();
    }
  });

  it('rebuilds read models of an older shape before serving, saying so, and never projects on top of them', async () => {
    await appendGenerated(store, Array.from({ length: 5 }, (_, index) => generateArticle(index)));
    runner.start();
    await runner.waitFor((await store.headPosition())!);
    await runner.stop();
    const current = dumpReadModels(db);
    db.pragma('user_version = 2');
    db.exec(`DELETE FROM claims`);

    const reopened = openFreshReadModels(temp.dir);
    expect(staleReason(reopened)).toMatch(/older shape/);
    const refused = new ProjectionRunner(store, reopened);
    refused.start();
    expect(await refused.health()).toMatchObject({ ok: false, state: 'failed', error: { message: expect.stringMatching(/older shape/) } });
    expect(dumpReadModels(reopened).claims).toEqual([]);

    const logged: string[] = [];
    expect(await rebuildIfStale(store, reopened, { logger: { log: (message) => logged.push(message) } })).toMatch(/older shape/);
    expect(logged[0]).toMatch(/older shape: rebuilding them before serving/);
    expect(dumpReadModels(reopened)).toEqual(current);
    expect(await rebuildIfStale(store, reopened)).toBeNull();

    const bumped = PROJECTIONS.map((projection) => (projection === claimProjection ? { ...projection, version: projection.version + 1 } : projection));
    expect(staleReason(reopened, { projections: bumped })).toMatch(/another shape/);
    reopened.close();
  });

  it('rebuilds read models built from another event store instead of projecting the new one on top of them', async () => {
    runner = new ProjectionRunner(store, db, { source: 'sqlite' });
    await appendGenerated(store, Array.from({ length: 5 }, (_, index) => generateArticle(index)));
    runner.start();
    await runner.waitFor((await store.headPosition())!);
    await runner.stop();

    // The same DATA_DIR, now pointed at another store holding another log.
    const otherDir = tempDataDir('other-store');
    const other = openStore(otherDir.dir);
    try {
      await appendGenerated(other, Array.from({ length: 3 }, (_, index) => generateArticle(100 + index)));
      const switched = new ProjectionRunner(other, db, { source: 'eventstoredb' });
      switched.start();
      expect((await switched.health()).error?.message).toMatch(/built from the sqlite event store/);

      expect(await rebuildIfStale(other, db, { source: 'eventstoredb' })).toMatch(/sqlite/);
      const expected = openFreshReadModels(otherDir.dir);
      await rebuildReadModels(other, expected, { source: 'eventstoredb' });
      expect(dumpReadModels(db)).toEqual(dumpReadModels(expected));
      expect(queries.getArticle(generateArticle(0).articleId)).toBeNull();
      expect(queries.getArticle(generateArticle(100).articleId)).not.toBeNull();
      expected.close();

      runner = new ProjectionRunner(other, db, { source: 'eventstoredb' });
      runner.start();
      await runner.waitFor((await other.headPosition())!);
      expect((await runner.health()).ok).toBe(true);
    } finally {
      await runner.stop();
      await other.close();
      otherDir.remove();
    }
  });

  it('rebuilds read models ahead of the store (another log under the same name) before serving', async () => {
    await appendGenerated(store, Array.from({ length: 3 }, (_, index) => generateArticle(index)));
    runner.start();
    await runner.waitFor((await store.headPosition())!);
    await runner.stop();
    const emptyDir = tempDataDir('reset-store');
    const reset = openStore(emptyDir.dir);
    try {
      expect(await rebuildIfStale(reset, db)).toMatch(/ahead of the event store/);
      expect(queries.listArticles().items).toEqual([]);
    } finally {
      await reset.close();
      emptyDir.remove();
    }
  });

  it('tells onApplied listeners each committed batch in log order, once, whatever a listener throws', async () => {
    const seen: string[] = [];
    const logged: string[] = [];
    runner = new ProjectionRunner(store, db, { batchSize: 7, logger: { log: () => undefined, error: (message) => logged.push(message) } });
    runner.onApplied(() => {
      throw new Error('a broken listener');
    });
    const unsubscribe = runner.onApplied((events) => seen.push(...events.map((event) => event.id)));
    await appendGenerated(store, Array.from({ length: 20 }, (_, index) => generateArticle(index)));
    await store.appendToStream('invoice-1', [{ id: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d', type: 'InvoiceSent', data: {}, metadata: {} }], 'no_stream');
    runner.start();
    const head = (await store.headPosition())!;
    await runner.waitFor(head);

    const log = (await store.readAll({ maxCount: 10_000 })).events.map((event) => event.id);
    expect(seen).toEqual(log);
    expect(logged.length).toBeGreaterThan(0);
    expect((await runner.health()).ok).toBe(true);

    unsubscribe();
    const later = await appendGenerated(store, [generateArticle(50)]);
    await runner.waitFor(later!);
    expect(seen).toHaveLength(log.length);
  });

  it('re-projects a tail the read-model database lost (synchronous=NORMAL on power loss) from the checkpoint committed with it', async () => {
    const path = join(temp.dir, 'read-models.sqlite');
    runner.start();
    const first = await appendGenerated(store, Array.from({ length: 10 }, (_, index) => generateArticle(index)));
    await runner.waitFor(first!);
    await runner.stop();
    db.close();
    // The files as they stood after the first commits: what survives when the later ones never reached the disk.
    copyFileSync(path, `${path}.kept`);

    db = openFreshReadModels(temp.dir);
    runner = new ProjectionRunner(store, db, { batchSize: 3 });
    runner.start();
    const second = await appendGenerated(store, Array.from({ length: 10 }, (_, index) => generateArticle(10 + index)));
    await runner.waitFor(second!);
    await runner.stop();
    db.close();

    copyFileSync(`${path}.kept`, path);
    rmSync(`${path}-wal`, { force: true });
    rmSync(`${path}-shm`, { force: true });
    db = openFreshReadModels(temp.dir);
    expect(db.prepare('SELECT position FROM projection_checkpoint').pluck().get()).toBe(`${first!.commit}/${first!.prepare}`);
    runner = new ProjectionRunner(store, db);
    queries = new ReadModelQueries(db);
    runner.start();
    await runner.waitFor(second!);
    expect(queries.getArticle(generateArticle(19).articleId)).not.toBeNull();

    const rebuilt = openFreshReadModels(temp.dir, 'rebuilt.sqlite');
    await rebuildReadModels(store, rebuilt);
    expect(dumpReadModels(db)).toEqual(dumpReadModels(rebuilt));
    rebuilt.close();
  });

  it('pages an article history completely and in order, and cuts pages whose data grow large', async () => {
    const article = generateArticle(7);
    await appendGenerated(store, [article]);
    const whole = (await readArticleHistory(store, article.articleId))!;
    expect(whole.nextVersion).toBeNull();
    expect(whole.entries.map((entry) => entry.version)).toEqual(article.events.map((_, index) => index + 1));

    for (const limit of [1, 4, article.events.length - 1, article.events.length]) {
      const paged = [];
      let from: number | null = 1;
      while (from !== null) {
        const page: Awaited<ReturnType<typeof readArticleHistory>> = await readArticleHistory(store, article.articleId, { fromVersion: from, limit });
        expect(page!.entries.length).toBeLessThanOrEqual(limit);
        paged.push(...page!.entries);
        from = page!.nextVersion;
      }
      expect(paged).toEqual(whole.entries);
    }
    expect(await readArticleHistory(store, article.articleId, { fromVersion: 1000 })).toEqual({ entries: [], nextVersion: null });

    // Three revisions of 1.5 million characters each: no page holds more than about 4 MiB of data.
    const big = 'ن'.repeat(1_500_000);
    const revisions = Array.from({ length: 3 }, (_, n) => ({
      id: `6e5f4a3b-2c1d-4a9b-8c7d-${String(n).padStart(12, '0')}`,
      type: 'DraftRevised',
      data: { articleId: article.articleId, title: `r${n}`, body: big, reanchoredClaims: [], withdrawnClaimIds: [], outdatedTranslationIds: [] },
      metadata: { userId: EDITOR },
    }));
    await store.appendToStream(article.streamId, revisions, BigInt(article.events.length - 1));
    const first = (await readArticleHistory(store, article.articleId))!;
    expect(first.entries).toHaveLength(article.events.length + 2);
    expect(first.nextVersion).toBe(article.events.length + 3);
    const rest = (await readArticleHistory(store, article.articleId, { fromVersion: first.nextVersion! }))!;
    expect(rest).toMatchObject({ nextVersion: null, entries: [{ version: article.events.length + 3, type: 'DraftRevised' }] });
  });

  it('applies each event exactly once across restarts and reports lag from the head', async () => {
    await appendGenerated(store, Array.from({ length: 30 }, (_, index) => generateArticle(index)));
    runner.start();
    const firstHead = (await store.headPosition())!;
    await runner.waitFor(firstHead);
    expect(await runner.health()).toMatchObject({ ok: true, state: 'live', lag: 0 });
    await runner.stop();

    const later = await appendGenerated(store, Array.from({ length: 30 }, (_, index) => generateArticle(30 + index)));
    runner = new ProjectionRunner(store, db, { batchSize: 7 });
    expect((await runner.health()).lag).toBe(Number(later!.commit - firstHead.commit));
    runner.start();
    await runner.waitFor(later!);

    const rebuilt = openFreshReadModels(temp.dir, 'rebuilt.sqlite');
    await rebuildReadModels(store, rebuilt);
    expect(dumpReadModels(db)).toEqual(dumpReadModels(rebuilt));
    rebuilt.close();
  });

  it('rebuilds 1,000 generated articles plus a seed workflow into the same read models as the live runner', async () => {
    runner.start();
    await seedWorkflow();
    await appendGenerated(store, Array.from({ length: 1000 }, (_, index) => generateArticle(index)));
    await runner.waitFor((await store.headPosition())!, 20_000);
    const live = dumpReadModels(db);
    expect(live.claims.length).toBeGreaterThan(5000);

    const result = await rebuildReadModels(store, db);

    expect(result.position).toEqual(await store.headPosition());
    expect(dumpReadModels(db)).toEqual(live);
  });

  it('rebuilds a log whose articles interleave, in pages smaller than an article, into the live read models', async () => {
    const articles = Array.from({ length: 12 }, (_, index) => generateArticle(500 + index));
    const longest = Math.max(...articles.map((article) => article.events.length));
    for (let step = 0; step < longest; step++) {
      for (const article of articles) {
        if (step >= article.events.length) continue;
        await store.appendToStream(article.streamId, [article.events[step]], step === 0 ? 'no_stream' : BigInt(step - 1));
      }
    }
    runner.start();
    await runner.waitFor((await store.headPosition())!, 20_000);
    const live = dumpReadModels(db);
    expect(live.claims.length).toBeGreaterThan(40);
    // A document is written in one page and changed in the next, or in a page after that.
    for (const pageSize of [1, 5, 64]) {
      const rebuilt = openFreshReadModels(temp.dir, `rebuilt-${pageSize}.sqlite`);
      await rebuildReadModels(store, rebuilt, { pageSize });
      expect(dumpReadModels(rebuilt)).toEqual(live);
      rebuilt.close();
    }
  });

  it('swaps in a rebuild while the runner keeps applying new events, and the runner carries on after it', async () => {
    await appendGenerated(store, Array.from({ length: 300 }, (_, index) => generateArticle(index)));
    const notified: string[] = [];
    runner.onApplied((events) => notified.push(...events.map((event) => event.id)));
    runner.start();
    const indexNames = () => db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'claims_verdict_%'`).pluck().all();
    const liveIndexes = indexNames();
    const writing = (async () => {
      for (let index = 300; index < 400; index += 10) {
        await appendGenerated(store, Array.from({ length: 10 }, (_, offset) => generateArticle(index + offset)));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const rebuilding = rebuildReadModels(store, openFreshReadModels(temp.dir), { pageSize: 200 });
    await Promise.all([writing, rebuilding]);
    const last = await appendGenerated(store, [generateArticle(400)]);
    await runner.waitFor(last!, 20_000);

    expect(indexNames()).toHaveLength(1);
    expect(indexNames()).not.toEqual(liveIndexes);
    expect(queries.getArticle(generateArticle(400).articleId)).not.toBeNull();
    expect((await runner.health()).ok).toBe(true);
    // Listeners saw every event once, in log order, those the rebuild applied first included.
    expect(notified).toEqual((await store.readAll({ maxCount: 100_000 })).events.map((event) => event.id));
    const rebuilt = openFreshReadModels(temp.dir, 'rebuilt.sqlite');
    await rebuildReadModels(store, rebuilt);
    expect(dumpReadModels(db)).toEqual(dumpReadModels(rebuilt));
    rebuilt.close();
  });
});
