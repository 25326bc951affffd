import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { startApp, users, type TestApp } from './support/app.js';
import { codePointAnchor, Newsroom, SEED_TEXT } from './support/newsroom.js';

const lines = SEED_TEXT.split('\n').filter((line) => line.trim() !== '');
const TITLE = lines[1];
const BYLINE = lines[2];
const SOURCE = lines[0];
const BODY = SEED_TEXT;

const CLAIMS = {
  noCombatTroops: 'ولن يكون هناك أي وجود لقوات قتالية أمريكية في العراق بحلول 31 كانون الأول المقبل',
  wmd: 'والقضاء على أسلحة دمار شامل',
  left2011: 'ورحلت القوات القتالية الأمريكية من العراق عام 2011',
  stateGroup: 'تنظيم الدولة',
};

describe('seed workflow: the Arabic article from draft to publication and after', () => {
  let t: TestApp;
  let api: Newsroom;
  let articleId: string;
  const claimIds: Record<keyof typeof CLAIMS, string> = { noCombatTroops: '', wmd: '', left2011: '', stateGroup: '' };
  let translationId: string;
  let firstWmdVerdictAt: string;
  let secondWmdVerdictAt: string;

  beforeAll(async () => {
    t = await startApp();
    api = new Newsroom(t.http);
  });
  afterAll(() => t.close());

  it('an editor drafts the article, text stored exactly (NFC) with an English target', async () => {
    const res = await api.draft({ title: TITLE, body: BODY, language: 'ar', byline: BYLINE, source: SOURCE, targetLanguages: ['en'] });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), version: 1 });
    expect(res.headers.location).toBe(`/articles/${res.body.id}`);
    expect(res.headers.etag).toBe('"1"');
    articleId = res.body.id;

    const article = await api.get(`/articles/${articleId}`);
    expect(article.status).toBe(200);
    expect(article.body).toMatchObject({
      id: articleId,
      title: TITLE,
      body: BODY.normalize('NFC'),
      language: 'ar',
      byline: BYLINE,
      source: SOURCE,
      authorId: 'edith-editor',
      status: 'draft',
      version: 1,
      targetLanguages: ['en'],
      correctionNeeded: false,
      publishedAt: null,
      claims: [],
      translations: [],
    });
  });

  it('fact-checkers and editors anchor claims on exact quotes, in code points', async () => {
    for (const [name, quote] of Object.entries(CLAIMS) as [keyof typeof CLAIMS, string][]) {
      const occurrence = name === 'stateGroup' ? 2 : undefined;
      const body =
        name === 'wmd'
          ? { quote, claimant: 'جورج دبليو بوش', claimedAt: '2003-03-20' }
          : { quote, ...(occurrence ? { occurrence } : {}), claimant: name === 'noCombatTroops' ? 'بيان مشترك' : null };
      const res = await api.claim(articleId, body, name === 'stateGroup' ? users.editor() : users.factChecker());
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ claimId: expect.any(String), ...codePointAnchor(BODY, quote, occurrence), version: expect.any(Number) });
      expect(res.headers.etag).toBe(`"${res.body.version}"`);
      claimIds[name] = res.body.claimId;
    }
    const article = await api.get(`/articles/${articleId}`);
    expect(article.body.version).toBe(5);
    const wmd = article.body.claims.find((claim: { id: string }) => claim.id === claimIds.wmd);
    expect(wmd).toMatchObject({ quote: CLAIMS.wmd, claimant: 'جورج دبليو بوش', claimedAt: '2003-03-20', verdict: 'pending', status: 'active' });
    expect([...BODY.normalize('NFC')].slice(wmd.start, wmd.end).join('')).toBe(CLAIMS.wmd);
  });

  it('publishing too early is a 409 not_ready listing every pending claim and the missing translation', async () => {
    const res = await api.publish(articleId);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('not_ready');
    expect(res.body.unmet).toEqual(
      expect.arrayContaining([
        ...Object.values(claimIds).map((claimId) => ({ code: 'claim_pending', claimId })),
        { code: 'translation_missing', language: 'en' },
      ]),
    );
    expect(res.body.unmet).toHaveLength(5);
  });

  it('the WMD claim is first rated mostly_true, then false: later disproven', async () => {
    const first = await api.verdict(articleId, claimIds.wmd, {
      verdict: 'mostly_true',
      rationale: 'Intelligence reports at the time pointed to stockpiles.',
      sources: [{ url: 'https://example.org/2003-intelligence', title: 'Assessment, 2003' }],
    });
    expect(first.status).toBe(201);
    await sleep(30);
    const second = await api.verdict(articleId, claimIds.wmd, {
      verdict: 'false',
      rationale: 'The Iraq Survey Group found no stockpiles of weapons of mass destruction.',
      sources: [{ url: 'https://example.org/isg-report' }],
    });
    expect(second.status).toBe(201);
    expect(second.body).toEqual({ version: first.body.version + 1 });

    for (const name of ['noCombatTroops', 'left2011', 'stateGroup'] as const) {
      const res = await api.verdict(articleId, claimIds[name], { verdict: 'true', rationale: 'Matches the official record.' });
      expect(res.status).toBe(201);
    }
    const wmd = await api.get(`/claims/${claimIds.wmd}`);
    expect(wmd.status).toBe(200);
    expect(wmd.body).toMatchObject({ verdict: 'false', laterDisproven: true, articleTitle: TITLE });
    expect(wmd.body.verdicts.map((v: { verdict: string }) => v.verdict)).toEqual(['mostly_true', 'false']);
    expect(wmd.body.verdicts[0]).toMatchObject({ by: 'farah-checker', sources: [{ url: 'https://example.org/2003-intelligence', title: 'Assessment, 2003' }] });
    [firstWmdVerdictAt, secondWmdVerdictAt] = wmd.body.verdicts.map((v: { at: string }) => v.at);
  });

  it('a translator submits the English translation; no one approves their own; a second editor approves', async () => {
    const own = await api.translate(articleId, { language: 'en', title: 'Mission of US forces in Iraq', body: 'Draft by an editor-translator.' }, users.editorTranslator());
    expect(own.status).toBe(201);
    const selfApproval = await api.approve(articleId, own.body.translationId, users.editorTranslator());
    expect(selfApproval.status).toBe(403);
    expect(selfApproval.body.code).toBe('own_translation');
    const rejected = await api.reject(articleId, own.body.translationId, 'Superseded by the desk translation.');
    expect(rejected.status).toBe(200);

    const res = await api.translate(articleId, {
      language: 'en',
      title: 'US forces’ mission in Iraq: from combat to training',
      body: 'The US president said the United States will end its combat mission in Iraq by the end of the year.',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ translationId: expect.any(String), version: expect.any(Number) });
    translationId = res.body.translationId;
    const approved = await api.approve(articleId, translationId, users.secondEditor());
    expect(approved.status).toBe(200);
    expect(approved.body).toEqual({ version: res.body.version + 1 });
    expect((await api.get(`/articles/${articleId}`)).body.status).toBe('ready');
  });

  it('an editor publishes', async () => {
    const res = await api.publish(articleId);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ version: expect.any(Number), publishedAt: expect.any(String) });
    expect(new Date(res.body.publishedAt).toISOString()).toBe(res.body.publishedAt);
    const again = await api.publish(articleId);
    expect(again.status).toBe(409);
  });

  it('a verdict after publication that disproves a claim marks the article for correction', async () => {
    const res = await api.verdict(articleId, claimIds.left2011, { verdict: 'false', rationale: 'Re-checked: a training contingent stayed.' });
    expect(res.status).toBe(201);
    const article = await api.get(`/articles/${articleId}`);
    expect(article.body).toMatchObject({ status: 'published', correctionNeeded: true, version: res.body.version });
  });

  it('the read models tell the whole story', async () => {
    const article = await api.get(`/articles/${articleId}`);
    expect(article.body.publishedAt).toEqual(expect.any(String));
    expect(article.headers.etag).toBe(`"${article.body.version}"`);
    expect(article.body.translations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: translationId, language: 'en', status: 'approved', translatorId: 'tariq-translator', reviewedBy: 'omar-editor' }),
        expect.objectContaining({ status: 'rejected', translatorId: 'eli-both', reason: 'Superseded by the desk translation.' }),
      ]),
    );

    const disproven = await api.get('/claims?laterDisproven=true');
    expect(disproven.status).toBe(200);
    expect(disproven.body.items.map((claim: { id: string }) => claim.id).sort()).toEqual([claimIds.wmd, claimIds.left2011].sort());
    expect(disproven.body.nextCursor).toBeNull();

    const between = new Date((Date.parse(firstWmdVerdictAt) + Date.parse(secondWmdVerdictAt)) / 2).toISOString();
    const asOf = await api.get(`/claims/${claimIds.wmd}?asOf=${encodeURIComponent(between)}`);
    expect(asOf.status).toBe(200);
    expect(asOf.body).toMatchObject({ id: claimIds.wmd, verdict: 'mostly_true', laterDisproven: false });
    expect(asOf.body.verdicts).toHaveLength(1);
    const beforeClaims = await api.get(`/claims/${claimIds.wmd}?asOf=2003-03-20`);
    expect(beforeClaims.status).toBe(404);

    const dashboard = await api.get('/dashboard');
    expect(dashboard.body).toEqual({
      articles: { draft: 0, ready: 0, published: 1, correcting: 0, retracted: 0 },
      claims: { pending: 0, true: 2, mostly_true: 0, mixed: 0, misleading: 0, false: 2, unverifiable: 0 },
      laterDisproven: 2,
      correctionNeeded: 1,
      corrections: { open: 0, published: 0, averageHoursToCorrect: null },
    });

    const history = await api.get(`/articles/${articleId}/history`);
    expect(history.status).toBe(200);
    expect(history.body.map((entry: { version: number }) => entry.version)).toEqual(history.body.map((_: unknown, i: number) => i + 1));
    expect(history.body.map((entry: { type: string }) => entry.type)).toEqual([
      'ArticleDrafted',
      'ClaimIdentified',
      'ClaimIdentified',
      'ClaimIdentified',
      'ClaimIdentified',
      'VerdictRecorded',
      'VerdictRecorded',
      'VerdictRecorded',
      'VerdictRecorded',
      'VerdictRecorded',
      'TranslationSubmitted',
      'TranslationRejected',
      'TranslationSubmitted',
      'TranslationApproved',
      'ArticlePublished',
      'VerdictRecorded',
    ]);
    expect(history.body[0]).toMatchObject({ by: 'edith-editor', at: expect.any(String), data: expect.objectContaining({ title: TITLE }) });

    const list = await api.get('/articles?status=published');
    expect(list.body.items).toEqual([
      expect.objectContaining({ id: articleId, status: 'published', pendingClaims: 0, missingTranslations: [], correctionNeeded: true }),
    ]);
  });
});
