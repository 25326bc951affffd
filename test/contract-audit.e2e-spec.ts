import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startApp, users, type TestApp } from './support/app.js';
import { Newsroom, PROBLEM_JSON, sampleArticle } from './support/newsroom.js';

// Names every plain object inherits: an unknown field so named must be refused like any other.
const INHERITED_NAMES = ['hasOwnProperty', 'toString', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__'];

describe('contract audit', () => {
  let t: TestApp;
  let api: Newsroom;

  beforeAll(async () => {
    t = await startApp();
    api = new Newsroom(t.http);
  });
  afterAll(() => t.close());

  it('a body field named like an Object.prototype member is an unknown field: 400, nothing written', async () => {
    const articlesBefore = (await api.get('/articles?limit=100')).body.items.length as number;
    for (const name of INHERITED_NAMES) {
      const res = await api.draft(sampleArticle({ [name]: 1 }));
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({ code: 'validation_failed', errors: [expect.objectContaining({ field: name })] });
    }
    const id = await api.draftId();
    const claim = await api.claim(id, { quote: 'القواعد', valueOf: 'x' });
    expect(claim.status).toBe(400);
    const claimId = await api.claimId(id, { quote: 'القواعد' });
    const verdict = await api.verdict(id, claimId, { verdict: 'true', rationale: 'r', sources: [{ url: 'https://example.org', toString: 'x' }] });
    expect(verdict.status).toBe(400);
    expect(verdict.body.errors).toEqual([expect.objectContaining({ field: 'sources[0].toString' })]);
    expect((await api.get(`/articles/${id}`)).body.version).toBe(2);
    expect((await api.get('/articles?limit=100')).body.items).toHaveLength(articlesBefore + 1);
  });

  it('a query parameter named like an Object.prototype member is an unknown parameter: 400', async () => {
    const id = await api.draftId();
    const claimId = await api.claimId(id, { quote: 'القواعد' });
    for (const path of ['/articles', '/claims', `/claims/${claimId}`]) {
      for (const name of [...INHERITED_NAMES, '__proto__']) {
        const res = await api.get(`${path}?${name}=1`);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('validation_failed');
      }
    }
  });

  it('limit is a decimal integer 1–100: hex, exponent, padded or signed forms are a 400', async () => {
    for (const limit of ['0x10', '1e1', '%205', '5%20', '%2B5', '05.0', '0b1', 'Infinity']) {
      const res = await api.get(`/claims?limit=${limit}`);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((error: { field: string }) => error.field)).toEqual(expect.arrayContaining(['limit']));
      expect(res.body.errors.every((error: { field: string }) => error.field === 'limit')).toBe(true);
      expect((await api.get(`/articles?limit=${limit}`)).status).toBe(400);
    }
    expect((await api.get('/articles?limit=1')).status).toBe(200);
    expect((await api.get('/articles?limit=100')).status).toBe(200);
    expect((await api.get('/articles?limit=007')).body.items).toEqual(expect.any(Array));
  });

  it('/docs-json documents every field GET /articles/{id} returns, and limit as an integer', async () => {
    const id = await api.draftId(sampleArticle({ targetLanguages: ['en'] }));
    const article = (await api.get(`/articles/${id}`)).body as Record<string, unknown>;
    const document = (await request(t.http).get('/docs-json')).body;
    const documented = Object.keys(document.components.schemas.ArticleDetailDto.properties);
    expect(documented.sort()).toEqual(Object.keys(article).sort());
    const limit = document.paths['/articles'].get.parameters.find((parameter: { name: string }) => parameter.name === 'limit');
    expect(limit.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 100 });
  });

  it('a null title or body in a revision is a field error like any other: 400 validation_failed, nothing written', async () => {
    const id = await api.draftId();
    for (const body of [{ title: null }, { body: null }, { title: null, body: null }, { title: 'ت', body: null }]) {
      const res = await api.revise(id, body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'validation_failed', errors: expect.any(Array) });
    }
    expect((await api.get(`/articles/${id}`)).body.version).toBe(1);
  });

  it('a revision with neither title nor body is a 400 validation_failed before the article is looked up, by the domain’s rule', async () => {
    const id = await api.draftId();
    for (const target of [id, '00000000-0000-4000-8000-000000000000']) {
      const res = await api.revise(target, {});
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'validation_failed', errors: [{ field: 'title', message: 'a revision needs a title, a body or both' }] });
    }
    expect((await api.get(`/articles/${id}`)).body.version).toBe(1);
  });

  it('ids are UUIDs, case-insensitive on input (RFC 9562): an upper-case id names the same article, claim and translation', async () => {
    const id = await api.draftId(sampleArticle({ targetLanguages: ['en'] }));
    const ID = id.toUpperCase();
    const claimId = await api.claimId(ID, { quote: 'القواعد' });
    expect(claimId).toBe(claimId.toLowerCase());
    const article = await api.get(`/articles/${ID}`);
    expect(article.status).toBe(200);
    expect(article.body.id).toBe(id);
    expect((await api.get(`/articles/${ID}/history`)).body).toHaveLength(2);
    expect((await api.get(`/claims/${claimId.toUpperCase()}`)).body.id).toBe(claimId);
    expect((await api.get(`/claims?articleId=${ID}`)).body.items.map((claim: { id: string }) => claim.id)).toEqual([claimId]);
    expect((await api.verdict(ID, claimId.toUpperCase(), { verdict: 'true', rationale: 'r' })).status).toBe(201);
    const translationId = (await api.translate(ID, { language: 'en', title: 'T', body: 'B' })).body.translationId as string;
    expect((await api.approve(ID, translationId.toUpperCase())).status).toBe(200);
    expect((await api.revise(ID, { title: 'عنوان' })).status).toBe(200);
    const published = await api.publish(ID);
    expect(published.status).toBe(409);
    expect(published.body.unmet).toEqual([{ code: 'translation_missing', language: 'en' }]);
    expect((await api.get(`/articles/${id}`)).body).toMatchObject({ version: 6, title: 'عنوان' });
  });

  it('ISO-8601 dates in the years 0000–0099 are dates like any other (claimedAt, asOf)', async () => {
    const id = await api.draftId();
    const res = await api.claim(id, { quote: 'القواعد', claimedAt: '0050-03-01' });
    expect(res.status).toBe(201);
    expect((await api.get(`/claims/${res.body.claimId}`)).body.claimedAt).toBe('0050-03-01');
    expect((await api.claim(id, { quote: 'القواعد', claimedAt: '0099-12-31T23:00:00Z' })).status).toBe(201);
    expect((await api.get(`/claims/${res.body.claimId}?asOf=0099-01-01`)).status).toBe(404);
    expect((await api.get(`/claims/${res.body.claimId}?asOf=0000-01-01T00:00:00Z`)).status).toBe(404);
    expect((await api.claim(id, { quote: 'القواعد', claimedAt: '0099-02-29' })).status).toBe(400);
  });

  it('an instant whose UTC form leaves the years 0000–9999 is a 400 (claimedAt, asOf), not a stored +010000 or a wrong 404', async () => {
    const id = await api.draftId();
    const claimId = await api.claimId(id, { quote: 'القواعد' });
    expect((await api.get(`/claims/${claimId}?asOf=${encodeURIComponent('9999-12-31T23:59:59Z')}`)).status).toBe(200);
    expect((await api.get(`/claims/${claimId}?asOf=${encodeURIComponent('9999-12-31T23:59:59+14:00')}`)).status).toBe(200);
    for (const instant of ['9999-12-31T23:59:59-14:00', '0000-01-01T00:00:00+00:01']) {
      const asOf = await api.get(`/claims/${claimId}?asOf=${encodeURIComponent(instant)}`);
      expect(asOf.status).toBe(400);
      expect(asOf.body.errors).toEqual([expect.objectContaining({ field: 'asOf' })]);
      const claim = await api.claim(id, { quote: 'القواعد', claimedAt: instant });
      expect(claim.status).toBe(400);
      expect(claim.body.errors).toEqual([expect.objectContaining({ field: 'claimedAt' })]);
    }
    expect((await api.get(`/articles/${id}`)).body.version).toBe(2);
  });

  it('a body of thousands of fields or items is refused whole (400 invalid_body), not validated one by one into a megabyte of errors', async () => {
    const id = await api.draftId();
    const claimId = await api.claimId(id, { quote: 'القواعد' });
    const manyFields = await api.draft(sampleArticle(Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, i]))));
    const manySources = await api.verdict(id, claimId, { verdict: 'true', rationale: 'r', sources: Array.from({ length: 5_000 }, () => ({ url: 'x' })) });
    for (const res of [manyFields, manySources]) {
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_body');
      expect(res.text.length).toBeLessThan(1_000);
    }
    const overTheLimit = await api.verdict(id, claimId, { verdict: 'true', rationale: 'r', sources: Array.from({ length: 21 }, () => ({ url: 'https://a.example', title: 't' })) });
    expect(overTheLimit.body).toMatchObject({ code: 'validation_failed', errors: [expect.objectContaining({ field: 'sources' })] });
    const targets = await api.draft(sampleArticle({ targetLanguages: Array.from({ length: 51 }, () => 'en') }));
    expect(targets.body).toMatchObject({ code: 'validation_failed', errors: [expect.objectContaining({ field: 'targetLanguages' })] });
  });

  it('a known path asked with another method is a 405 naming the allowed methods; an unknown path stays a 404', async () => {
    const id = await api.draftId();
    const token = users.editor();
    const cases: [string, string, string][] = [
      ['delete', `/articles/${id}`, 'GET, HEAD'],
      ['patch', `/articles/${id}/draft`, 'PUT'],
      ['put', '/articles', 'GET, HEAD, POST'],
      ['get', `/articles/${id}/publish`, 'POST'],
      ['delete', '/health', 'GET, HEAD'],
      ['post', '/docs-json', 'GET, HEAD'],
      ['delete', '/Health', 'GET, HEAD'],
      ['post', `/Articles/${id.toUpperCase()}`, 'GET, HEAD'],
    ];
    for (const [method, path, allow] of cases) {
      const res = await request(t.http)[method as 'get'](path).set('Authorization', token);
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 405 });
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.headers.allow.split(', ').sort()).toEqual(allow.split(', ').sort());
      expect(res.body).toMatchObject({ status: 405, code: 'method_not_allowed' });
    }
    for (const path of ['/nowhere', `/articles/${id}/nothing`, `/articles/${id}/claims/x/y/z`]) {
      const res = await request(t.http).delete(path).set('Authorization', token);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('not_found');
    }
    expect((await api.get(`/articles/${id}`)).body.version).toBe(1);
  });
});
