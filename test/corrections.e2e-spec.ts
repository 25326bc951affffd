import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type request from 'supertest';
import { startApp, users, type TestApp } from './support/app.js';
import { Newsroom, PROBLEM_JSON, sampleArticle, SEED_TEXT } from './support/newsroom.js';

const MISSING = '00000000-0000-4000-8000-000000000000';
const REASON = 'ثبت أن الادعاء خاطئ';
const NOTE = 'صُحّحت الجملة الثانية: القواعد مشتركة';

function expectProblem(res: request.Response, status: number, code: string) {
  expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
  expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
}

function expectCommandHeaders(res: request.Response) {
  expect(res.headers.etag).toBe(`"${res.body.version}"`);
  expect(res.headers['newsroom-position']).toMatch(/^1\.[0-9a-z]+\.[0-9a-z]+$/);
}

describe('life after publication: corrections and retractions over HTTP', () => {
  let t: TestApp;
  let api: Newsroom;

  beforeAll(async () => {
    t = await startApp();
    api = new Newsroom(t.http);
  });
  afterAll(() => t.close());

  const openCorrection = (id: string, body: object = { reason: REASON }, token = users.editor(), headers: Record<string, string> = {}) =>
    api.post(`/articles/${id}/corrections`, body, token, headers);
  const publishCorrection = (id: string, correctionId: string, body: object = { note: NOTE }, token = users.editor(), headers: Record<string, string> = {}) =>
    api.post(`/articles/${id}/corrections/${correctionId}/publish`, body, token, headers);
  const retract = (id: string, body: object = { reason: 'سحب المصدر بيانه' }, token = users.editor(), headers: Record<string, string> = {}) =>
    api.post(`/articles/${id}/retract`, body, token, headers);
  const article = async (id: string) => (await api.get(`/articles/${id}`)).body;
  const version = async (id: string) => (await article(id)).version as number;

  /** Drafted with an English target, one claim rated mostly_true, the translation approved, published. */
  async function published() {
    const id = await api.draftId(sampleArticle({ targetLanguages: ['en'] }));
    const claimId = await api.claimId(id, { quote: 'القواعد عراقية' });
    expect((await api.verdict(id, claimId, { verdict: 'mostly_true', rationale: 'بيان رسمي' })).status).toBe(201);
    const translationId = (await api.translate(id, { language: 'en', title: 'US forces', body: 'The bases are Iraqi.' })).body.translationId;
    expect((await api.approve(id, translationId)).status).toBe(200);
    const publication = await api.publish(id);
    expect(publication.status).toBe(200);
    return { id, claimId, translationId, publishedAt: publication.body.publishedAt as string };
  }

  describe('POST /articles/{id}/corrections', () => {
    it('opens a correction: 201 {correctionId, version}, Location, ETag, Newsroom-Position; a GET right after sees it correcting', async () => {
      const { id, publishedAt } = await published();
      const before = await article(id);
      const res = await openCorrection(id);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ correctionId: expect.stringMatching(/^[0-9a-f-]{36}$/), version: before.version + 1 });
      expect(res.headers.location).toBe(`/articles/${id}`);
      expectCommandHeaders(res);

      const after = await article(id);
      expect(after).toMatchObject({ status: 'correcting', version: res.body.version, publishedAt, correctedAt: null, retractedAt: null, retractionReason: null });
      expect(after.corrections).toEqual([
        { id: res.body.correctionId, reason: REASON, note: null, openedBy: 'edith-editor', openedAt: expect.any(String), publishedBy: null, publishedAt: null, version: null },
      ]);
      expect(after.published).toEqual(before.published);
      expect(after.published).toMatchObject({ title: before.title, body: before.body, publishedAt, translations: [{ language: 'en', title: 'US forces', body: 'The bases are Iraqi.' }] });
      const listed = await api.get('/articles?status=correcting&limit=100');
      expect(listed.status).toBe(200);
      expect(listed.body.items.map((item: { id: string }) => item.id)).toContain(id);
    });

    it('409 not_published for a draft, correction_open for a second one, article_retracted once retracted; nothing written', async () => {
      const draft = await api.draftId();
      expectProblem(await openCorrection(draft), 409, 'not_published');
      expect(await version(draft)).toBe(1);

      const { id } = await published();
      expect((await openCorrection(id)).status).toBe(201);
      const open = await version(id);
      expectProblem(await openCorrection(id), 409, 'correction_open');
      expect(await version(id)).toBe(open);

      expect((await retract(id)).status).toBe(200);
      const retracted = await version(id);
      expectProblem(await openCorrection(id), 409, 'article_retracted');
      expect(await version(id)).toBe(retracted);
    });

    it('400 for a missing, empty, too long or non-string reason and unknown fields; nothing written', async () => {
      const { id } = await published();
      const start = await version(id);
      for (const body of [{}, { reason: '' }, { reason: 'r'.repeat(2001) }, { reason: 5 }, { reason: null }, { reason: 'ok', extra: 1 }, { reason: 'a\u0000b' }]) {
        expectProblem(await openCorrection(id, body), 400, 'validation_failed');
      }
      expect((await openCorrection(id, { reason: 'ر'.repeat(2000) })).status).toBe(201);
      expect(await version(id)).toBe(start + 1);
    });

    it('403 for every role but editor, before the body is read; 404 for an unknown article', async () => {
      const { id } = await published();
      for (const token of [users.factChecker(), users.translator(), users.viewer()]) {
        expectProblem(await openCorrection(id, {}, token), 403, 'forbidden_role');
      }
      expectProblem(await openCorrection(MISSING), 404, 'article_not_found');
      expectProblem(await openCorrection('not-a-uuid'), 404, 'article_not_found');
    });
  });

  describe('POST /articles/{id}/corrections/{correctionId}/publish', () => {
    it('a revision, a redone translation approved by another editor, then the correction: 200 {version, correctedAt}, readers get the new text', async () => {
      const { id, claimId, publishedAt } = await published();
      const { correctionId } = (await openCorrection(id)).body;
      const revisedBody = sampleArticle().body.replace('القواعد عراقية', 'القواعد مشتركة');
      const revised = await api.revise(id, { body: revisedBody });
      expect(revised.status).toBe(200);
      const during = await article(id);
      expect(during).toMatchObject({ status: 'correcting', body: revisedBody, missingTranslations: ['en'] });
      expect(during.published.body).toBe(sampleArticle().body);
      expect(during.claims.find((claim: { id: string }) => claim.id === claimId).status).toBe('withdrawn');

      const notReady = await publishCorrection(id, correctionId);
      expectProblem(notReady, 409, 'not_ready');
      expect(notReady.body.unmet).toEqual([{ code: 'translation_missing', language: 'en' }]);

      const redone = await api.translate(id, { language: 'en', title: 'US forces', body: 'The bases are shared.' });
      expect(redone.status).toBe(201);
      expect((await api.approve(id, redone.body.translationId)).status).toBe(200);
      expect((await article(id)).published.translations).toEqual([{ language: 'en', title: 'US forces', body: 'The bases are Iraqi.' }]);

      const res = await publishCorrection(id, correctionId.toUpperCase());
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ version: during.version + 3, correctedAt: expect.any(String) });
      expect(new Date(res.body.correctedAt).toISOString()).toBe(res.body.correctedAt);
      expect(res.headers.location).toBeUndefined();
      expectCommandHeaders(res);

      const after = await article(id);
      expect(after).toMatchObject({ status: 'published', version: res.body.version, publishedAt, correctedAt: res.body.correctedAt, correctionNeeded: false });
      expect(after.published).toEqual({
        title: after.title,
        body: revisedBody,
        version: res.body.version,
        publishedAt: res.body.correctedAt,
        translations: [{ language: 'en', title: 'US forces', body: 'The bases are shared.' }],
      });
      expect(after.corrections).toEqual([
        { id: correctionId, reason: REASON, note: NOTE, openedBy: 'edith-editor', openedAt: expect.any(String), publishedBy: 'edith-editor', publishedAt: res.body.correctedAt, version: res.body.version },
      ]);
      const dashboard = (await api.get('/dashboard')).body;
      expect(dashboard.corrections.published).toBeGreaterThanOrEqual(1);
    });

    it('a note-only correction; 409 correction_not_open for one already published; 404 correction_not_found (before If-Match)', async () => {
      const { id } = await published();
      const { correctionId } = (await openCorrection(id)).body;
      const res = await publishCorrection(id, correctionId);
      expect(res.status).toBe(200);
      expect((await article(id)).published.body).toBe(sampleArticle().body);
      const current = await version(id);

      expectProblem(await publishCorrection(id, correctionId), 409, 'correction_not_open');
      expectProblem(await publishCorrection(id, MISSING), 404, 'correction_not_found');
      expectProblem(await publishCorrection(id, MISSING, { note: NOTE }, users.editor(), { 'If-Match': '"1"' }), 404, 'correction_not_found');
      expectProblem(await publishCorrection(id, 'x'), 404, 'correction_not_found');
      expectProblem(await publishCorrection(MISSING, correctionId), 404, 'article_not_found');
      expect(await version(id)).toBe(current);
    });

    it('409 article_retracted for a correction open when the article was retracted', async () => {
      const { id } = await published();
      const { correctionId } = (await openCorrection(id)).body;
      expect((await retract(id)).status).toBe(200);
      expectProblem(await publishCorrection(id, correctionId), 409, 'article_retracted');
    });

    it('400 for a missing, empty or too long note and unknown fields; 403 for every role but editor; nothing written', async () => {
      const { id } = await published();
      const { correctionId } = (await openCorrection(id)).body;
      const start = await version(id);
      for (const body of [{}, { note: '' }, { note: 'n'.repeat(2001) }, { note: ['n'] }, { note: 'n', reason: 'r' }]) {
        expectProblem(await publishCorrection(id, correctionId, body), 400, 'validation_failed');
      }
      for (const token of [users.factChecker(), users.translator(), users.viewer()]) {
        expectProblem(await publishCorrection(id, correctionId, { note: NOTE }, token), 403, 'forbidden_role');
      }
      expect(await version(id)).toBe(start);
    });
  });

  describe('POST /articles/{id}/retract', () => {
    it('retracts a published article: 200 {version, retractedAt}; readers see nothing; verdicts still accrue, nothing else does', async () => {
      const { id, claimId, translationId } = await published();
      const res = await retract(id);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ version: expect.any(Number), retractedAt: expect.any(String) });
      expectCommandHeaders(res);
      expect(await article(id)).toMatchObject({
        status: 'retracted',
        version: res.body.version,
        retractedAt: res.body.retractedAt,
        retractionReason: 'سحب المصدر بيانه',
        published: null,
        correctionNeeded: false,
      });
      expect((await api.get('/articles?status=retracted&limit=100')).body.items.map((item: { id: string }) => item.id)).toContain(id);

      const verdict = await api.verdict(id, claimId, { verdict: 'false', rationale: 'تبيّن العكس' });
      expect(verdict.status).toBe(201);
      expect(await article(id)).toMatchObject({ status: 'retracted', correctionNeeded: false, version: verdict.body.version });
      expectProblem(await retract(id), 409, 'article_retracted');
      expectProblem(await api.revise(id, { title: 'عنوان' }), 409, 'article_retracted');
      expectProblem(await api.claim(id, { quote: 'القوات' }), 409, 'article_retracted');
      expectProblem(await api.approve(id, translationId), 409, 'article_retracted');
      expect(await version(id)).toBe(verdict.body.version);
    });

    it('retracts during a correction, abandoning it; 409 not_published for a draft; 400, 403 and 404 as the other commands', async () => {
      const { id } = await published();
      const { correctionId } = (await openCorrection(id)).body;
      expect((await retract(id)).status).toBe(200);
      expect((await article(id)).corrections).toEqual([expect.objectContaining({ id: correctionId, note: null, publishedAt: null })]);

      const draft = await api.draftId();
      expectProblem(await retract(draft), 409, 'not_published');
      for (const body of [{}, { reason: '' }, { reason: 'r'.repeat(2001) }, { reason: 'r', note: 'n' }]) expectProblem(await retract(draft, body), 400, 'validation_failed');
      for (const token of [users.factChecker(), users.translator(), users.viewer()]) expectProblem(await retract(draft, {}, token), 403, 'forbidden_role');
      expectProblem(await retract(MISSING), 404, 'article_not_found');
      expect(await version(draft)).toBe(1);
    });
  });

  describe('the pipeline, as for every other command', () => {
    it('If-Match: a stale version is a 412 and writes nothing; the current one writes', async () => {
      const { id } = await published();
      const current = await version(id);
      expectProblem(await openCorrection(id, { reason: REASON }, users.editor(), { 'If-Match': `"${current - 1}"` }), 412, 'precondition_failed');
      expect(await version(id)).toBe(current);
      const opened = await openCorrection(id, { reason: REASON }, users.editor(), { 'If-Match': `"${current}"` });
      expect(opened.status).toBe(201);
      expectProblem(await publishCorrection(id, opened.body.correctionId, { note: NOTE }, users.editor(), { 'If-Match': `"${current}"` }), 412, 'precondition_failed');
      expectProblem(await retract(id, { reason: 'r' }, users.editor(), { 'If-Match': `"${current}"` }), 412, 'precondition_failed');
      expect(await version(id)).toBe(current + 1);
      expect((await publishCorrection(id, opened.body.correctionId, { note: NOTE }, users.editor(), { 'If-Match': `"${current + 1}"` })).status).toBe(200);
      expect((await retract(id, { reason: 'r' }, users.editor(), { 'If-Match': `"${current + 2}"` })).status).toBe(200);
    });

    it('Idempotency-Key: a retry answers the first status, body and headers and writes nothing; another request under the key is a 422', async () => {
      const { id } = await published();
      const key = { 'Idempotency-Key': `open-${id}` };
      const first = await openCorrection(id, { reason: REASON }, users.editor(), key);
      const retry = await openCorrection(id, { reason: REASON }, users.editor(), key);
      expect(first.status).toBe(201);
      expect({ status: retry.status, body: retry.body, location: retry.headers.location, etag: retry.headers.etag }).toEqual({
        status: 201,
        body: first.body,
        location: first.headers.location,
        etag: first.headers.etag,
      });
      expect((await openCorrection(id, { reason: 'سبب آخر' }, users.editor(), key)).status).toBe(422);

      const publishKey = { 'Idempotency-Key': `publish-${id}` };
      const corrected = await publishCorrection(id, first.body.correctionId, { note: NOTE }, users.editor(), publishKey);
      const correctedAgain = await publishCorrection(id, first.body.correctionId, { note: NOTE }, users.editor(), publishKey);
      expect(corrected.status).toBe(200);
      expect({ status: correctedAgain.status, body: correctedAgain.body }).toEqual({ status: 200, body: corrected.body });

      const retractKey = { 'Idempotency-Key': `retract-${id}` };
      const retracted = await retract(id, { reason: 'r' }, users.editor(), retractKey);
      const retractedAgain = await retract(id, { reason: 'r' }, users.editor(), retractKey);
      expect({ status: retractedAgain.status, body: retractedAgain.body }).toEqual({ status: 200, body: retracted.body });
      expect(await version(id)).toBe(retracted.body.version);
      const history = (await api.get(`/articles/${id}/history`)).body.map((entry: { type: string }) => entry.type);
      expect(history.filter((type: string) => ['CorrectionOpened', 'CorrectionPublished', 'ArticleRetracted'].includes(type))).toEqual([
        'CorrectionOpened',
        'CorrectionPublished',
        'ArticleRetracted',
      ]);
    });
  });

  describe('queries', () => {
    it('GET /articles filters by status=correcting|retracted and correctionNeeded=true|false; other values are a 400', async () => {
      const { id, claimId } = await published();
      expect((await api.verdict(id, claimId, { verdict: 'false', rationale: 'تبيّن العكس' })).status).toBe(201);
      const ids = async (query: string) => {
        const res = await api.get(`/articles?${query}&limit=100`);
        expect(res.status).toBe(200);
        return res.body.items.map((item: { id: string }) => item.id) as string[];
      };
      expect(await ids('correctionNeeded=true')).toContain(id);
      expect(await ids('correctionNeeded=false')).not.toContain(id);
      expect(await ids('correctionNeeded=true&status=published')).toContain(id);
      expect(await ids('correctionNeeded=true&status=correcting')).not.toContain(id);
      for (const query of ['correctionNeeded=yes', 'correctionNeeded=1', 'correctionNeeded=', 'status=killed', 'status=CORRECTING']) {
        expectProblem(await api.get(`/articles?${query}`), 400, 'validation_failed');
      }
    });

    it('GET /dashboard counts correcting and retracted articles and the corrections, with the hours from the verdict to the correction', async () => {
      const res = await api.get('/dashboard');
      expect(res.status).toBe(200);
      expect(Object.keys(res.body.articles).sort()).toEqual(['correcting', 'draft', 'published', 'ready', 'retracted']);
      expect(Object.keys(res.body.corrections).sort()).toEqual(['averageHoursToCorrect', 'open', 'published']);

      const { id, claimId } = await published();
      const before = (await api.get('/dashboard')).body;
      expect((await api.verdict(id, claimId, { verdict: 'false', rationale: 'تبيّن العكس' })).status).toBe(201);
      const { correctionId } = (await openCorrection(id)).body;
      const opened = (await api.get('/dashboard')).body;
      expect(opened.articles.correcting).toBe(before.articles.correcting + 1);
      expect(opened.corrections.open).toBe(before.corrections.open + 1);
      expect(opened.correctionNeeded).toBe(before.correctionNeeded + 1);
      expect((await publishCorrection(id, correctionId)).status).toBe(200);
      const corrected = (await api.get('/dashboard')).body;
      expect(corrected.corrections).toMatchObject({ open: before.corrections.open, published: before.corrections.published + 1 });
      expect(corrected.corrections.averageHoursToCorrect).toEqual(expect.any(Number));
      expect(corrected.corrections.averageHoursToCorrect).toBeGreaterThanOrEqual(0);
      expect(corrected.correctionNeeded).toBe(before.correctionNeeded);
      expect((await retract(id)).status).toBe(200);
      const retracted = (await api.get('/dashboard')).body;
      expect(retracted.articles.retracted).toBe(before.articles.retracted + 1);
    });

    it('GET /articles/{id}?asOf: the article as it stood then; 404 before it existed; 400 for an unparsable instant', async () => {
      const { id, claimId, publishedAt } = await published();
      const res = await api.get(`/articles/${id}?asOf=${encodeURIComponent(publishedAt)}`);
      expect(res.status).toBe(200);
      const now = await api.get(`/articles/${id}`);
      expect(res.body).toEqual(now.body);
      // No version tag: the article as it stood is not what an If-Match would compare against.
      expect(res.headers.etag).not.toMatch(/^"\d+"$/);
      expect((await api.get(`/articles/${id}?asOf=2003-03-20`)).status).toBe(404);
      expectProblem(await api.get(`/articles/${id}?asOf=2003-03-20`), 404, 'article_not_found');
      expectProblem(await api.get(`/articles/${MISSING}?asOf=2030-01-01`), 404, 'article_not_found');
      for (const asOf of ['yesterday', '2003-02-30', '2003-03-20T25:00:00Z', '', '9999-99-99']) {
        expectProblem(await api.get(`/articles/${id}?asOf=${encodeURIComponent(asOf)}`), 400, 'validation_failed');
      }
      expect(res.body.claims.map((claim: { id: string }) => claim.id)).toEqual([claimId]);
    });
  });
});

describe('the seed article corrected: the WMD claim believed, disproven, corrected in the open', () => {
  let t: TestApp;
  let api: Newsroom;

  beforeAll(async () => {
    t = await startApp();
    api = new Newsroom(t.http);
  });
  afterAll(() => t.close());

  const WMD = 'والقضاء على أسلحة دمار شامل';
  const OLD_SENTENCE = 'والقضاء على أسلحة دمار شامل اتضح بعد الغزو أنه لا وجود لها';
  const NEW_SENTENCE = 'بذريعة امتلاكه أسلحة دمار شامل، وهي ذريعة لم تعثر مجموعة مسح العراق على ما يؤيدها';
  const ARABIC_NOTE = 'تصحيح: عُدّلت الجملة عن أسلحة الدمار الشامل بعد أن خلصت مجموعة مسح العراق عام 2004 إلى عدم وجودها.';
  const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

  it('publishes, learns the claim was false, opens a correction, revises, redoes the translation and publishes the correction with an Arabic note', async () => {
    expect(SEED_TEXT).toContain(OLD_SENTENCE);
    const lines = SEED_TEXT.split('\n').filter((line) => line.trim() !== '');
    const id = await api.draftId({ title: lines[1], body: SEED_TEXT, language: 'ar', byline: lines[2], source: lines[0], targetLanguages: ['en'] });
    const wmd = await api.claimId(id, { quote: WMD, claimant: 'جورج دبليو بوش', claimedAt: '2003-03-20' });
    expect((await api.verdict(id, wmd, { verdict: 'mostly_true', rationale: 'Intelligence assessments of 2003 pointed to stockpiles.' })).status).toBe(201);
    const english = await api.translate(id, { language: 'en', title: 'US forces in Iraq', body: '…to topple Saddam Hussein and eliminate weapons of mass destruction that turned out not to exist.' });
    expect((await api.approve(id, english.body.translationId)).status).toBe(200);
    const publication = await api.publish(id);
    expect(publication.status).toBe(200);
    await settle();
    const believedThen = new Date().toISOString();
    await settle();

    const isg = await api.verdict(id, wmd, { verdict: 'false', rationale: 'The Iraq Survey Group (2004) found no stockpiles.', sources: [{ url: 'https://example.org/isg-report' }] });
    expect(isg.status).toBe(201);
    expect(await api.get(`/articles/${id}`).then((res) => res.body)).toMatchObject({ status: 'published', correctionNeeded: true });
    expect((await api.get('/articles?correctionNeeded=true&limit=100')).body.items.map((item: { id: string }) => item.id)).toContain(id);

    const opened = await api.post(`/articles/${id}/corrections`, { reason: 'ثبت أن الادعاء عن أسلحة الدمار الشامل خاطئ' }, users.editor());
    expect(opened.status).toBe(201);
    const revisedBody = SEED_TEXT.replace(OLD_SENTENCE, NEW_SENTENCE);
    expect((await api.revise(id, { body: revisedBody })).status).toBe(200);
    const redone = await api.translate(id, { language: 'en', title: 'US forces in Iraq', body: '…on the grounds that it held weapons of mass destruction, which the Iraq Survey Group found no evidence of.' });
    expect(redone.status).toBe(201);
    const selfApproval = await api.approve(id, redone.body.translationId, users.translator());
    expect(selfApproval.status).toBe(403);
    expect((await api.approve(id, redone.body.translationId, users.secondEditor())).status).toBe(200);
    const corrected = await api.post(`/articles/${id}/corrections/${opened.body.correctionId}/publish`, { note: ARABIC_NOTE }, users.editor());
    expect(corrected.status).toBe(200);

    const now = (await api.get(`/articles/${id}`)).body;
    expect(now).toMatchObject({ status: 'published', correctionNeeded: false, publishedAt: publication.body.publishedAt, correctedAt: corrected.body.correctedAt });
    expect(now.published.body).toBe(revisedBody.normalize('NFC'));
    expect(now.published.body).not.toContain(OLD_SENTENCE);
    expect(now.published.translations).toEqual([{ language: 'en', title: 'US forces in Iraq', body: expect.stringContaining('Iraq Survey Group') }]);
    expect(now.corrections).toEqual([expect.objectContaining({ id: opened.body.correctionId, note: ARABIC_NOTE, publishedBy: 'edith-editor', version: corrected.body.version })]);
    expect(now.claims.find((claim: { id: string }) => claim.id === wmd)).toMatchObject({ status: 'withdrawn', verdict: 'false', laterDisproven: true });
    const dashboard = (await api.get('/dashboard')).body;
    expect(dashboard).toMatchObject({ correctionNeeded: 0, corrections: { open: 0, published: 1 } });
    expect(dashboard.corrections.averageHoursToCorrect).toBeGreaterThanOrEqual(0);

    const then = await api.get(`/articles/${id}?asOf=${encodeURIComponent(believedThen)}`);
    expect(then.status).toBe(200);
    expect(then.body).toMatchObject({ status: 'published', correctionNeeded: false, correctedAt: null, corrections: [] });
    expect(then.body.body).toContain(OLD_SENTENCE);
    expect(then.body.published.body).toContain(OLD_SENTENCE);
    expect(then.body.published.translations[0].body).toContain('turned out not to exist');
    expect(then.body.claims.find((claim: { id: string }) => claim.id === wmd)).toMatchObject({ status: 'active', verdict: 'mostly_true', laterDisproven: false, verdicts: [expect.objectContaining({ verdict: 'mostly_true' })] });

    const history = (await api.get(`/articles/${id}/history`)).body.map((entry: { type: string }) => entry.type);
    expect(history.slice(-6)).toEqual(['VerdictRecorded', 'CorrectionOpened', 'DraftRevised', 'TranslationSubmitted', 'TranslationApproved', 'CorrectionPublished']);
  });
});
