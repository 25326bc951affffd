import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { startApp, tokenFor, users, type TestApp } from './support/app.js';
import { Newsroom } from './support/newsroom.js';

const WMD = 'العراق يمتلك أسلحة دمار شامل';
const bodyWith = (n: number) => `تقرير رقم ${n}. قال المسؤول إن ${WMD} وإن الخطر قائم.`;

/** An article with one claim on the WMD sentence; published when asked (no target languages, so a verdict makes it ready). */
async function anArticleWithTheClaim(newsroom: Newsroom, n: number, publish: boolean): Promise<{ articleId: string; claimId: string }> {
  const articleId = await newsroom.draftId({ title: `مقال ${n}`, body: bodyWith(n), language: 'ar' });
  const claimId = await newsroom.claimId(articleId, { quote: WMD });
  if (publish) {
    expect((await newsroom.verdict(articleId, claimId, { verdict: 'mostly_true', rationale: 'تقارير الاستخبارات' })).status).toBe(201);
    expect((await newsroom.post(`/articles/${articleId}/publish`, {}, users.editor())).status).toBe(200);
  }
  return { articleId, claimId };
}

async function aFactCheck(newsroom: Newsroom, statement = WMD): Promise<string> {
  const res = await newsroom.post('/fact-checks', { statement, language: 'ar', claimant: 'الحكومة', claimedAt: '2003-02-05' }, users.factChecker());
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const link = (newsroom: Newsroom, articleId: string, claimId: string, factCheckId: string, headers: Record<string, string> = {}) =>
  newsroom.post(`/articles/${articleId}/claims/${claimId}/fact-check`, { factCheckId }, users.factChecker(), headers);

describe('Fact-checks across articles (HTTP, real SQLite)', () => {
  let service: TestApp;
  let newsroom: Newsroom;

  beforeAll(async () => {
    service = await startApp();
    newsroom = new Newsroom(service.http);
  });
  afterAll(() => service.close());

  it('creates a fact-check: 201 with its id and version, Location, ETag; GET shows it pending', async () => {
    const res = await newsroom.post('/fact-checks', { statement: WMD, language: 'ar' }, users.factChecker());
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), version: 1 });
    expect(res.headers.location).toBe(`/fact-checks/${res.body.id}`);
    expect(res.headers.etag).toBe('"1"');
    const view = await newsroom.get(`/fact-checks/${res.body.id}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ id: res.body.id, statement: WMD, language: 'ar', claimant: null, verdict: 'pending', laterDisproven: false, verdicts: [], appearances: [] });
  });

  it('a verdict on a fact-check linked from 50 claims in 50 articles (10 published) reaches every claim once; /impact lists the 10 first', async () => {
    const factCheckId = await aFactCheck(newsroom);
    const first = await newsroom.post(`/fact-checks/${factCheckId}/verdicts`, { verdict: 'mostly_true', rationale: 'تقارير الاستخبارات' }, users.factChecker());
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ version: 2, appearances: 0 });
    const appearances: { articleId: string; claimId: string; published: boolean }[] = [];
    for (let n = 0; n < 50; n++) appearances.push({ ...(await anArticleWithTheClaim(newsroom, n, n % 5 === 0)), published: n % 5 === 0 });
    for (const { articleId, claimId } of appearances) {
      const linked = await link(newsroom, articleId, claimId, factCheckId);
      expect(linked.status).toBe(200);
    }

    const disproven = await newsroom.post(`/fact-checks/${factCheckId}/verdicts`, { verdict: 'false', rationale: 'لم يُعثر على أي أسلحة' }, users.factChecker());

    expect(disproven.status).toBe(201);
    expect(disproven.body).toEqual({ version: 53, appearances: 50 });
    for (const { claimId, published } of appearances) {
      const claim = (await newsroom.get(`/claims/${claimId}`)).body;
      expect(claim.factCheckId).toBe(factCheckId);
      expect(claim.verdict).toBe('false');
      expect(claim.laterDisproven).toBe(true);
      const fromTheFactCheck = claim.verdicts.filter((verdict: { factCheckId?: string }) => verdict.factCheckId === factCheckId);
      expect(fromTheFactCheck.map((verdict: { verdict: string }) => verdict.verdict)).toEqual(['mostly_true', 'false']);
      expect(claim.verdicts).toHaveLength(published ? 3 : 2);
    }
    const impact = (await newsroom.get(`/fact-checks/${factCheckId}/impact`)).body.items as { articleId: string; correctionNeeded: boolean; status: string }[];
    expect(impact).toHaveLength(50);
    expect(impact.slice(0, 10).every((item) => item.correctionNeeded && item.status === 'published')).toBe(true);
    expect(impact.slice(10).some((item) => item.correctionNeeded)).toBe(false);
    expect(new Set(impact.slice(0, 10).map((item) => item.articleId))).toEqual(new Set(appearances.filter((a) => a.published).map((a) => a.articleId)));
    const view = (await newsroom.get(`/fact-checks/${factCheckId}`)).body;
    expect(view).toMatchObject({ verdict: 'false', laterDisproven: true });
    expect(view.appearances).toHaveLength(50);
    expect(view.verdicts.map((verdict: { verdict: string }) => verdict.verdict)).toEqual(['mostly_true', 'false']);
  }, 120_000);

  it('refuses what the contract refuses: 404 unknown fact-check, 409 claim_linked and claim_withdrawn, 400 bad bodies, 403 roles', async () => {
    const factCheckId = await aFactCheck(newsroom);
    const { articleId, claimId } = await anArticleWithTheClaim(newsroom, 900, false);

    expect((await link(newsroom, articleId, claimId, randomUUID())).body.code).toBe('fact_check_not_found');
    expect((await link(newsroom, articleId, claimId, randomUUID())).status).toBe(404);
    expect((await newsroom.post(`/fact-checks/${randomUUID()}/verdicts`, { verdict: 'false', rationale: 'x' }, users.factChecker())).status).toBe(404);
    expect((await newsroom.get(`/fact-checks/${randomUUID()}`)).status).toBe(404);
    expect((await newsroom.get(`/fact-checks/${randomUUID()}/impact`)).status).toBe(404);
    expect((await link(newsroom, articleId, randomUUID(), factCheckId)).body.code).toBe('claim_not_found');
    expect((await newsroom.post('/fact-checks', { statement: '', language: 'ar' }, users.factChecker())).status).toBe(400);
    expect((await newsroom.post('/fact-checks', { statement: 'x'.repeat(2001), language: 'ar' }, users.factChecker())).status).toBe(400);
    expect((await newsroom.post('/fact-checks', { statement: WMD, language: 'ar', extra: 1 }, users.factChecker())).status).toBe(400);
    expect((await link(newsroom, articleId, claimId, 'not-a-uuid')).status).toBe(400);
    expect((await newsroom.post(`/fact-checks/${factCheckId}/verdicts`, { verdict: 'maybe', rationale: 'x' }, users.factChecker())).status).toBe(400);
    expect((await newsroom.post('/fact-checks', { statement: WMD, language: 'ar' }, users.editor())).status).toBe(403);
    expect((await newsroom.post(`/articles/${articleId}/claims/${claimId}/fact-check`, { factCheckId }, users.editor())).status).toBe(403);
    expect((await newsroom.get(`/fact-checks?verdict=maybe`)).status).toBe(400);

    const linked = await link(newsroom, articleId, claimId, factCheckId);
    expect(linked.status).toBe(200);
    expect(linked.headers.etag).toBe(`"${linked.body.version}"`);
    const again = await link(newsroom, articleId, claimId, await aFactCheck(newsroom));
    expect([again.status, again.body.code]).toEqual([409, 'claim_linked']);
    const direct = await newsroom.verdict(articleId, claimId, { verdict: 'true', rationale: 'مباشر' });
    expect([direct.status, direct.body.code]).toEqual([409, 'claim_linked']);

    const other = await anArticleWithTheClaim(newsroom, 901, false);
    expect((await newsroom.revise(other.articleId, { body: 'نص آخر تماما' })).status).toBe(200);
    const withdrawn = await link(newsroom, other.articleId, other.claimId, factCheckId);
    expect([withdrawn.status, withdrawn.body.code]).toEqual([409, 'claim_withdrawn']);
    expect((await newsroom.get(`/fact-checks/${factCheckId}`)).body.appearances).toEqual([{ articleId, claimId }]);
  }, 60_000);

  it('keeps If-Match and Idempotency-Key rules on a fact-check', async () => {
    const factCheckId = await aFactCheck(newsroom);
    const stale = await newsroom.post(`/fact-checks/${factCheckId}/verdicts`, { verdict: 'true', rationale: 'x' }, users.factChecker(), { 'If-Match': '"7"' });
    expect(stale.status).toBe(412);
    const key = { 'Idempotency-Key': randomUUID() };
    const once = await newsroom.post(`/fact-checks/${factCheckId}/verdicts`, { verdict: 'true', rationale: 'x' }, users.factChecker(), { 'If-Match': '"1"', ...key });
    const twice = await newsroom.post(`/fact-checks/${factCheckId}/verdicts`, { verdict: 'true', rationale: 'x' }, users.factChecker(), { 'If-Match': '"1"', ...key });
    expect([once.status, twice.status]).toEqual([201, 201]);
    expect(twice.body).toEqual(once.body);
    expect(twice.headers['idempotent-replayed']).toBe('true');
    expect((await newsroom.get(`/fact-checks/${factCheckId}`)).body.verdicts).toHaveLength(1);
  });

  it('anchors a quote pasted with other diacritics on the article’s own words, and finds it by q= in claims and fact-checks', async () => {
    const articleId = await newsroom.draftId({ title: 'أسلحة', body: 'وقال الوزيرُ إنّ العراقَ يمتلكُ أسلحةَ دمارٍ شاملٍ حقاً.', language: 'ar' });
    const pasted = 'العراق يمتلك اسلحة دمار شامل';
    const claimed = await newsroom.claim(articleId, { quote: pasted });
    expect(claimed.status).toBe(201);
    const claim = (await newsroom.get(`/claims/${claimed.body.claimId}`)).body;
    expect(claim.quote).toBe('العراقَ يمتلكُ أسلحةَ دمارٍ شاملٍ');
    const factCheckId = await aFactCheck(newsroom, 'امتلاك العراق أسلحة الدمار');
    expect((await link(newsroom, articleId, claimed.body.claimId, factCheckId)).status).toBe(200);

    const found = await newsroom.get(`/claims?q=${encodeURIComponent('يمتلك أسلحة دمار')}`);
    expect(found.status).toBe(200);
    expect(found.body.items.map((item: { id: string }) => item.id)).toContain(claimed.body.claimId);
    const byStatement = await newsroom.get(`/fact-checks?q=${encodeURIComponent('إمتلاك')}`);
    expect(byStatement.body.items.map((item: { id: string }) => item.id)).toEqual([factCheckId]);
    const byQuote = await newsroom.get(`/fact-checks?q=${encodeURIComponent('دمار شامل')}`);
    expect(byQuote.body.items.map((item: { id: string }) => item.id)).toContain(factCheckId);
    expect((await newsroom.get(`/claims?q=${encodeURIComponent('لا يوجد هذا النص')}`)).body.items).toEqual([]);
  });

  it('answers a fact-check as of an instant, and lists fact-checks by verdict and laterDisproven, page by page', async () => {
    const factCheckId = await aFactCheck(newsroom, 'بيان للاختبار الزمني');
    await newsroom.post(`/fact-checks/${factCheckId}/verdicts`, { verdict: 'true', rationale: 'أولاً' }, users.factChecker());
    const between = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await newsroom.post(`/fact-checks/${factCheckId}/verdicts`, { verdict: 'false', rationale: 'ثم' }, users.factChecker());

    const then = await newsroom.get(`/fact-checks/${factCheckId}?asOf=${encodeURIComponent(between)}`);
    expect(then.status).toBe(200);
    expect(then.body).toMatchObject({ id: factCheckId, verdict: 'true', laterDisproven: false });
    expect(then.body.verdicts).toHaveLength(1);
    expect((await newsroom.get(`/fact-checks/${factCheckId}?asOf=2000-01-01`)).status).toBe(404);
    expect((await newsroom.get(`/fact-checks/${factCheckId}?asOf=yesterday`)).status).toBe(400);

    const disproven = await newsroom.get('/fact-checks?laterDisproven=true&verdict=false&limit=1');
    expect(disproven.status).toBe(200);
    expect(disproven.body.items[0]).toMatchObject({ id: factCheckId, verdictCount: 2, laterDisproven: true });
    const all: string[] = [];
    for (let cursor: string | null = null, pages = 0; pages === 0 || cursor; pages++) {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await newsroom.get(`/fact-checks?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      all.push(...page.body.items.map((item) => item.id));
      cursor = page.body.nextCursor;
    }
    expect(new Set(all).size).toBe(all.length);
    expect(all).toContain(factCheckId);
    expect((await newsroom.get('/fact-checks?cursor=bogus')).status).toBe(400);
  });

  it('refuses a token without the role before looking at the body', async () => {
    const res = await newsroom.post('/fact-checks', { bad: true }, tokenFor('v', ['viewer']));
    expect(res.status).toBe(403);
  });
});
