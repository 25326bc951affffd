import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, tokenFor, users, type TestApp } from './support/app.js';
import { codePointAnchor, Newsroom, PROBLEM_JSON, sampleArticle } from './support/newsroom.js';

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('commands and queries', () => {
  let t: TestApp;
  let api: Newsroom;

  beforeAll(async () => {
    t = await startApp();
    api = new Newsroom(t.http);
  });
  afterAll(() => t.close());

  describe('POST /articles', () => {
    it('201 { id, version } with Location and ETag; optional fields default to null/[]', async () => {
      const res = await api.draft(sampleArticle());
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), version: 1 });
      expect(res.headers.location).toBe(`/articles/${res.body.id}`);
      expect(res.headers.etag).toBe('"1"');
      const article = (await api.get(`/articles/${res.body.id}`)).body;
      expect(article).toMatchObject({ byline: null, source: null, targetLanguages: [], status: 'ready', version: 1 });
      expect(Date.parse(article.createdAt)).not.toBeNaN();
    });

    it('only an editor may draft (403 for other roles)', async () => {
      for (const token of [users.factChecker(), users.translator(), users.viewer()]) {
        const res = await api.draft(sampleArticle(), token);
        expect(res.status).toBe(403);
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      }
    });

    it('keeps Arabic with tashkeel, tatweel, bidi marks, emoji and mixed digits exactly, stored as NFC', async () => {
      const title = 'عاجـــل: مُحَمَّد \u200Fيقول\u200E ١٢٣ و456 \u061C🇸🇾👩🏽‍💻';
      const body = 'النص: «الحُرّية» ــ 2003/٢٠٠٣ \u200F‏ 🕊️\nسطر ثانٍ\tمع جدولة\r\n';
      const decomposed = 'e\u0301'; // é decomposed: stored composed
      const res = await api.draft({ title, body: body + decomposed, language: 'ar-SY', byline: 'مراسل 📰', source: 'وكالة' });
      expect(res.status).toBe(201);
      const article = (await api.get(`/articles/${res.body.id}`)).body;
      expect(article.title).toBe(title.normalize('NFC'));
      expect(article.body).toBe((body + decomposed).normalize('NFC'));
      expect(article.body.endsWith('\u00e9')).toBe(true);
      expect(article.byline).toBe('مراسل 📰');
      expect(article.language).toBe('ar-SY');
    });

    it('counts limits in code points after NFC: a 300-emoji title passes, 301 is a 400', async () => {
      expect((await api.draft(sampleArticle({ title: '😀'.repeat(300) }))).status).toBe(201);
      const tooLong = await api.draft(sampleArticle({ title: '😀'.repeat(301) }));
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.errors).toEqual([expect.objectContaining({ field: 'title' })]);
      const blank = await api.draft(sampleArticle({ title: '   ' }));
      expect(blank.status).toBe(400);
      expect((await api.draft(sampleArticle({ body: 'x'.repeat(100_000) }))).status).toBe(201);
      expect((await api.draft(sampleArticle({ body: 'x'.repeat(100_001) }))).status).toBe(400);
      expect((await api.draft(sampleArticle({ byline: 'x'.repeat(301) }))).status).toBe(400);
      expect((await api.draft(sampleArticle({ source: 'x'.repeat(301) }))).status).toBe(400);
    });

    it('400 for control characters, bad language tags, a target equal to the language, missing and unknown fields', async () => {
      const cases: Array<[object, string]> = [
        [sampleArticle({ title: 'a\u0000b' }), 'title'],
        [sampleArticle({ body: 'bell\u0007' }), 'body'],
        [sampleArticle({ language: 'not a tag' }), 'language'],
        [sampleArticle({ language: 'x' }), 'language'],
        [sampleArticle({ targetLanguages: ['en', 'zz-!!'] }), 'targetLanguages'],
        [sampleArticle({ targetLanguages: 'en' }), 'targetLanguages'],
        [{ title: 'T', language: 'ar' }, 'body'],
        [sampleArticle({ extra: true }), 'extra'],
        [sampleArticle({ title: 42 }), 'title'],
      ];
      for (const [body, field] of cases) {
        const res = await api.draft(body);
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(res.body.errors.map((error: { field: string }) => error.field)).toContain(field);
      }
      const sameTarget = await api.draft(sampleArticle({ targetLanguages: ['ar'] }));
      expect(sameTarget.status).toBe(400);
    });
  });

  describe('PUT /articles/{id}/draft', () => {
    it('200 { version }: re-anchors claims by quote, withdraws those gone, outdates earlier translations', async () => {
      const id = await api.draftId(sampleArticle({ body: 'أولاً قال الوزير شيئاً. ثانياً قال السفير شيئاً آخر.', targetLanguages: ['en'] }));
      const kept = await api.claim(id, { quote: 'قال السفير' });
      const gone = await api.claim(id, { quote: 'قال الوزير' });
      const translation = await api.translate(id, { language: 'en', title: 'T', body: 'B' });

      const newBody = 'مقدمة جديدة. ثانياً قال السفير شيئاً آخر.';
      const res = await api.revise(id, { body: newBody });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ version: 5 });
      expect(res.headers.etag).toBe('"5"');

      const article = (await api.get(`/articles/${id}`)).body;
      const claim = (claimId: string) => article.claims.find((c: { id: string }) => c.id === claimId);
      expect(claim(kept.body.claimId)).toMatchObject({ status: 'active', ...codePointAnchor(newBody, 'قال السفير') });
      expect(claim(gone.body.claimId)).toMatchObject({ status: 'withdrawn' });
      expect(article.translations[0]).toMatchObject({ id: translation.body.translationId, status: 'outdated' });
      expect(article.missingTranslations).toEqual(['en']);
      expect(article.pendingClaims).toBe(1);

      const titleOnly = await api.revise(id, { title: 'عنوان منقح' });
      expect(titleOnly.status).toBe(200);
      expect((await api.get(`/articles/${id}`)).body.title).toBe('عنوان منقح');
    });

    it('400 with neither title nor body, 403 for non-editors, 404 unknown or malformed id', async () => {
      const id = await api.draftId();
      expect((await api.revise(id, {})).status).toBe(400);
      expect((await api.revise(id, { body: 'x' }, users.factChecker())).status).toBe(403);
      const unknown = await api.revise(MISSING, { body: 'x' });
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('article_not_found');
      expect((await api.revise('not-a-uuid', { body: 'x' })).status).toBe(404);
    });
  });

  describe('POST /articles/{id}/claims', () => {
    it('201 { claimId, start, end, version } in code points, picking the n-th occurrence', async () => {
      const body = sampleArticle().body;
      const id = await api.draftId();
      const second = await api.claim(id, { quote: 'وقال الرئيس إن القوات ستغادر', occurrence: 1 });
      expect(second.status).toBe(201);
      const res = await api.claim(id, { quote: 'قال الرئيس', occurrence: 2, claimant: 'الرئيس', claimedAt: '2021-07-26T18:00:00Z' }, users.editor());
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ claimId: expect.any(String), ...codePointAnchor(body, 'قال الرئيس', 2), version: 3 });
    });

    it('400 quote_not_found, occurrence beyond the matches, bad occurrence, claimedAt, over-long quote or claimant', async () => {
      const id = await api.draftId();
      const missing = await api.claim(id, { quote: 'غير موجود' });
      expect(missing.status).toBe(400);
      expect(missing.body.code).toBe('quote_not_found');
      expect((await api.claim(id, { quote: 'قال الرئيس', occurrence: 3 })).body.code).toBe('quote_not_found');
      for (const bad of [
        { quote: 'قال', occurrence: 0 },
        { quote: 'قال', occurrence: 1.5 },
        { quote: 'قال', occurrence: '1' },
        { quote: 'قال', claimedAt: 'yesterday' },
        { quote: 'قال', claimedAt: '2021-02-30' },
        { quote: 'x'.repeat(2001) },
        { quote: '' },
        { quote: 'قال', claimant: 'x'.repeat(301) },
      ]) {
        const res = await api.claim(id, bad);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('validation_failed');
      }
    });

    it('403 for translators and viewers; 404 for an unknown article; 409 once published', async () => {
      const id = await api.draftId();
      expect((await api.claim(id, { quote: 'قال' }, users.translator())).status).toBe(403);
      expect((await api.claim(id, { quote: 'قال' }, users.viewer())).status).toBe(403);
      expect((await api.claim(MISSING, { quote: 'قال' })).status).toBe(404);
      expect((await api.publish(id)).status).toBe(200);
      const late = await api.claim(id, { quote: 'قال' });
      expect(late.status).toBe(409);
      expect(late.body.code).toBe('article_published');
      expect((await api.revise(id, { body: 'جديد' })).status).toBe(409);
      expect((await api.translate(id, { language: 'en', title: 'T', body: 'B' })).status).toBe(409);
    });
  });

  describe('POST /articles/{id}/claims/{claimId}/verdicts', () => {
    it('201 { version } for each verdict kind; every verdict kept; 400 unknown verdict or bad sources', async () => {
      const id = await api.draftId();
      const claimId = await api.claimId(id, { quote: 'القواعد عراقية' });
      for (const verdict of ['true', 'mostly_true', 'mixed', 'misleading', 'false', 'unverifiable']) {
        const res = await api.verdict(id, claimId, { verdict, rationale: `rated ${verdict}` });
        expect(res.status).toBe(201);
        expect(res.body).toEqual({ version: expect.any(Number) });
      }
      const claim = (await api.get(`/claims/${claimId}`)).body;
      expect(claim.verdicts).toHaveLength(6);
      expect(claim.verdict).toBe('unverifiable');
      expect(claim.laterDisproven).toBe(false);

      const bad = [
        { verdict: 'maybe', rationale: 'r' },
        { verdict: 'true', rationale: '' },
        { verdict: 'true', rationale: 'x'.repeat(5001) },
        { verdict: 'true', rationale: 'r', sources: [{ url: 'ftp://example.org/x' }] },
        { verdict: 'true', rationale: 'r', sources: [{ url: 'javascript:alert(1)' }] },
        { verdict: 'true', rationale: 'r', sources: [{ url: 'https://a.example', extra: 1 }] },
        { verdict: 'true', rationale: 'r', sources: Array.from({ length: 21 }, () => ({ url: 'https://a.example' })) },
        { verdict: 'true', rationale: 'r', sources: 'https://a.example' },
        { verdict: 'true', rationale: 'r', sources: [null] },
      ];
      for (const body of bad) {
        const res = await api.verdict(id, claimId, body);
        expect(res.status).toBe(400);
      }
      const nested = await api.verdict(id, claimId, { verdict: 'true', rationale: 'r', sources: [{ url: 'https://ok.example' }, { url: 'mailto:x@y' }] });
      expect(nested.body.errors).toEqual([expect.objectContaining({ field: 'sources[1].url' })]);
    });

    it('only fact-checkers (403 for editors); 404 for an unknown claim or article', async () => {
      const id = await api.draftId();
      const claimId = await api.claimId(id, { quote: 'القواعد عراقية' });
      expect((await api.verdict(id, claimId, { verdict: 'true', rationale: 'r' }, users.editor())).status).toBe(403);
      const unknownClaim = await api.verdict(id, MISSING, { verdict: 'true', rationale: 'r' });
      expect(unknownClaim.status).toBe(404);
      expect(unknownClaim.body.code).toBe('claim_not_found');
      expect((await api.verdict(id, 'nope', { verdict: 'true', rationale: 'r' })).status).toBe(404);
      expect((await api.verdict(MISSING, claimId, { verdict: 'true', rationale: 'r' })).status).toBe(404);
    });
  });

  describe('translations', () => {
    it('POST translations 201 { translationId, version }; 409 same_language; 403 for non-translators', async () => {
      const id = await api.draftId(sampleArticle({ targetLanguages: ['en', 'fr'] }));
      const res = await api.translate(id, { language: 'en', title: 'Title', body: 'Body' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ translationId: expect.any(String), version: 2 });
      const same = await api.translate(id, { language: 'ar', title: 'T', body: 'B' });
      expect(same.status).toBe(409);
      expect(same.body.code).toBe('same_language');
      expect((await api.translate(id, { language: 'en', title: 'T', body: 'B' }, users.editor())).status).toBe(403);
      expect((await api.translate(id, { language: '', title: 'T', body: 'B' })).status).toBe(400);
      expect((await api.translate(MISSING, { language: 'en', title: 'T', body: 'B' })).status).toBe(404);
    });

    it('approve and reject: 200 { version }; 409 when not submitted; 403 for your own; 404 unknown; 400 fields or missing reason', async () => {
      const id = await api.draftId(sampleArticle({ targetLanguages: ['en'] }));
      const first = (await api.translate(id, { language: 'en', title: 'T1', body: 'B1' })).body.translationId;
      const second = (await api.translate(id, { language: 'en', title: 'T2', body: 'B2' }, users.editorTranslator())).body.translationId;

      const own = await api.reject(id, second, 'no', users.editorTranslator());
      expect(own.status).toBe(403);
      expect(own.body.code).toBe('own_translation');
      expect((await api.approve(id, first, users.translator())).status).toBe(403);
      expect((await api.post(`/articles/${id}/translations/${first}/approve`, { note: 'x' }, users.secondEditor())).status).toBe(400);
      expect((await api.post(`/articles/${id}/translations/${first}/reject`, {}, users.secondEditor())).status).toBe(400);
      expect((await api.reject(id, first, 'x'.repeat(2001))).status).toBe(400);

      const approved = await api.approve(id, first, users.editorTranslator());
      expect(approved.status).toBe(200);
      expect(approved.body).toEqual({ version: 4 });
      expect(approved.headers.etag).toBe('"4"');
      const twice = await api.approve(id, first);
      expect(twice.status).toBe(409);
      expect(twice.body.code).toBe('translation_not_submitted');

      const rejected = await api.reject(id, second, 'Terminology is off.');
      expect(rejected.status).toBe(200);
      expect((await api.reject(id, second, 'again')).status).toBe(409);
      expect((await api.approve(id, MISSING)).status).toBe(404);
      expect((await api.approve(id, 'bad-id')).status).toBe(404);

      const noBody = await api.post(`/articles/${id}/publish`, undefined, users.editor());
      expect(noBody.status).toBe(200);
    });
  });

  describe('POST /articles/{id}/publish', () => {
    it('200 { version, publishedAt }; 409 not_ready with unmet; 409 when already published; 403 non-editors', async () => {
      const id = await api.draftId(sampleArticle({ targetLanguages: ['en'] }));
      const claimId = await api.claimId(id, { quote: 'القواعد' });
      expect((await api.publish(id, users.factChecker())).status).toBe(403);
      const notReady = await api.publish(id);
      expect(notReady.status).toBe(409);
      expect(notReady.body).toMatchObject({
        type: expect.any(String),
        title: expect.any(String),
        status: 409,
        detail: expect.any(String),
        code: 'not_ready',
        unmet: expect.arrayContaining([
          { code: 'claim_pending', claimId },
          { code: 'translation_missing', language: 'en' },
        ]),
      });
      await api.verdict(id, claimId, { verdict: 'misleading', rationale: 'r' });
      const translationId = (await api.translate(id, { language: 'en', title: 'T', body: 'B' })).body.translationId;
      await api.approve(id, translationId);
      const published = await api.publish(id);
      expect(published.status).toBe(200);
      expect(published.body).toEqual({ version: 6, publishedAt: expect.any(String) });
      const again = await api.publish(id);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('already_published');
      expect((await api.publish(MISSING)).status).toBe(404);
    });
  });

  describe('If-Match', () => {
    it('a matching version writes; a stale, weak or foreign tag is a 412 and writes nothing; a malformed header is a 400', async () => {
      const id = await api.draftId();
      const ok = await api.claim(id, { quote: 'القواعد' }, users.factChecker(), { 'If-Match': '"1"' });
      expect(ok.status).toBe(201);
      const stale = await api.claim(id, { quote: 'القوات' }, users.factChecker(), { 'If-Match': '"1"' });
      expect(stale.status).toBe(412);
      expect(stale.body.code).toBe('precondition_failed');
      expect((await api.get(`/articles/${id}`)).body.version).toBe(2);
      expect((await api.revise(id, { title: 'ت' }, users.editor(), { 'If-Match': '"2"' })).status).toBe(200);
      expect((await api.revise(id, { title: 'ت' }, users.editor(), { 'If-Match': '*' })).status).toBe(200);
      expect((await api.get(`/articles/${id}`)).body.version).toBe(4);
      expect((await api.revise(id, { title: 'ت' }, users.editor(), { 'If-Match': '"1", "4"' })).status).toBe(200);
      // If-Match compares strongly: a weak tag never matches, even one naming the current version.
      for (const unmatched of ['W/"5"', '"abc"', '""', 'W/"5", "x"']) {
        const res = await api.revise(id, { title: 'ت' }, users.editor(), { 'If-Match': unmatched });
        expect(res.status).toBe(412);
        expect(res.body.code).toBe('precondition_failed');
      }
      for (const malformed of ['5', '"5', 'W/5', '"5" "6"', 'w/"5"', ',', ' , ,', '"5", 6']) {
        const res = await api.revise(id, { title: 'ت' }, users.editor(), { 'If-Match': malformed });
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('invalid_if_match');
      }
      expect((await api.get(`/articles/${id}`)).body.version).toBe(5);
      // Empty list elements are ignored (RFC 9110 §5.6.1.2); a comma inside a tag is part of it.
      expect((await api.revise(id, { title: 'ت' }, users.editor(), { 'If-Match': ',"5",' })).status).toBe(200);
      expect((await api.revise(id, { title: 'ت' }, users.editor(), { 'If-Match': '"a,b", ,"6"' })).status).toBe(200);
      expect((await api.revise(id, { title: 'ت' }, users.editor(), { 'If-Match': '"7,"' })).status).toBe(412);
    });
  });

  describe('queries', () => {
    it('GET /articles: newest first, filtered by status, paged by an opaque cursor; 400 for bad parameters', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(await api.draftId(sampleArticle({ title: `مقال ${i}`, targetLanguages: ['en'] })));
      const page1 = await api.get('/articles?status=draft&limit=2');
      expect(page1.status).toBe(200);
      expect(page1.body.items.map((item: { id: string }) => item.id)).toEqual([ids[4], ids[3]]);
      expect(page1.body.items[0]).toEqual({
        id: ids[4],
        title: 'مقال 4',
        language: 'ar',
        status: 'draft',
        version: 1,
        pendingClaims: 0,
        missingTranslations: ['en'],
        correctionNeeded: false,
        updatedAt: expect.any(String),
      });
      const page2 = await api.get(`/articles?status=draft&limit=2&cursor=${encodeURIComponent(page1.body.nextCursor)}`);
      expect(page2.body.items.map((item: { id: string }) => item.id)).toEqual([ids[2], ids[1]]);
      for (const query of ['limit=0', 'limit=101', 'limit=abc', 'limit=1.5', 'status=archived', 'cursor=garbage', 'limit=1&limit=2', 'unknown=1']) {
        const res = await api.get(`/articles?${query}`);
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      }
    });

    it('GET /claims filters by verdict (pending too), article and laterDisproven; 400 for bad parameters', async () => {
      const id = await api.draftId();
      const a = await api.claimId(id, { quote: 'القواعد' });
      const b = await api.claimId(id, { quote: 'القوات' });
      await api.verdict(id, a, { verdict: 'true', rationale: 'r' });
      await api.verdict(id, a, { verdict: 'false', rationale: 'r' });
      const pending = await api.get(`/claims?verdict=pending&articleId=${id}`);
      expect(pending.body.items.map((claim: { id: string }) => claim.id)).toEqual([b]);
      const falseOnes = await api.get(`/claims?verdict=false&articleId=${id}&laterDisproven=true`);
      expect(falseOnes.body.items).toEqual([
        expect.objectContaining({ id: a, articleId: id, articleTitle: sampleArticle().title, verdict: 'false', laterDisproven: true, status: 'active' }),
      ]);
      const notDisproven = await api.get(`/claims?articleId=${id}&laterDisproven=false`);
      expect(notDisproven.body.items.map((claim: { id: string }) => claim.id)).toEqual([b]);
      for (const query of ['verdict=wrong', 'limit=0', 'laterDisproven=yes', 'articleId=nope', 'cursor=%00']) {
        expect((await api.get(`/claims?${query}`)).status).toBe(400);
      }
    });

    it('GET /claims/{id}: 404 unknown or malformed; asOf before it existed is a 404; unparsable asOf is a 400', async () => {
      const id = await api.draftId();
      const claimId = await api.claimId(id, { quote: 'القواعد' });
      expect((await api.get(`/claims/${MISSING}`)).status).toBe(404);
      expect((await api.get('/claims/not-a-uuid')).status).toBe(404);
      expect((await api.get(`/claims/${claimId}?asOf=2000-01-01T00:00:00Z`)).status).toBe(404);
      expect((await api.get(`/claims/${claimId}?asOf=${new Date(Date.now() + 60_000).toISOString()}`)).body.id).toBe(claimId);
      for (const asOf of ['tomorrow', '2021-13-01', '']) {
        expect((await api.get(`/claims/${claimId}?asOf=${asOf}`)).status).toBe(400);
      }
    });

    it('GET /articles/{id} and /history: 404 unknown or malformed id', async () => {
      for (const path of [`/articles/${MISSING}`, '/articles/xyz', `/articles/${MISSING}/history`, '/articles/xyz/history']) {
        const res = await api.get(path);
        expect(res.status).toBe(404);
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      }
    });

    it('every GET needs a valid token with any role; /health needs none', async () => {
      for (const path of ['/articles', '/claims', '/dashboard', `/articles/${MISSING}`]) {
        const res = await api.get(path, '');
        expect(res.status).toBe(401);
        expect(res.headers['www-authenticate']).toBe('Bearer');
        expect((await api.get(path, tokenFor('reader', ['viewer']))).status).not.toBe(401);
        expect((await api.get(path, tokenFor('nobody', []))).status).toBe(403);
      }
      const health = await api.get('/health', '');
      expect(health.status).toBe(200);
      expect(health.body).toEqual({ status: 'ok', eventStore: 'ok', projections: { position: expect.any(String), lag: 0 } });
    });
  });
});
