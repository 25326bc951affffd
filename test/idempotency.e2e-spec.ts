import { afterEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import request from 'supertest';
import { join } from 'node:path';
import type { ReadModels } from '../apps/api/src/infrastructure/read-models.provider.js';
import { READ_MODELS } from '../apps/api/src/infrastructure/tokens.js';
import { startApp, tempDataDir, users, type TestApp } from './support/app.js';
import { Newsroom, PROBLEM_JSON, sampleArticle } from './support/newsroom.js';

describe('Idempotency-Key', () => {
  const apps: TestApp[] = [];
  const start = async (dataDir?: string) => {
    const t = await startApp({ dataDir });
    apps.push(t);
    return { t, api: new Newsroom(t.http) };
  };
  afterEach(async () => {
    for (const t of apps.splice(0)) await t.close();
  });

  it('a retry returns the first status, body and headers and writes nothing', async () => {
    const { api } = await start();
    const first = await api.draft(sampleArticle(), users.editor(), { 'Idempotency-Key': 'draft-1' });
    const retry = await api.draft(sampleArticle(), users.editor(), { 'Idempotency-Key': 'draft-1' });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.location).toBe(first.headers.location);
    expect(retry.headers.etag).toBe(first.headers.etag);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect((await api.get('/articles')).body.items).toHaveLength(1);

    const claim = await api.claim(first.body.id, { quote: 'القواعد' }, users.factChecker(), { 'Idempotency-Key': 'claim-1' });
    const claimRetry = await api.claim(first.body.id, { quote: 'القواعد' }, users.factChecker(), { 'Idempotency-Key': 'claim-1' });
    expect(claimRetry.body).toEqual(claim.body);
    expect((await api.get(`/articles/${first.body.id}`)).body.version).toBe(2);

    const revised = await api.revise(first.body.id, { title: 'عنوان منقح' }, users.editor(), { 'Idempotency-Key': 'revise-1' });
    const revisedAgain = await api.revise(first.body.id, { title: 'عنوان منقح' }, users.editor(), { 'Idempotency-Key': 'revise-1' });
    expect(revised.status).toBe(200);
    expect(revisedAgain.status).toBe(200);
    expect(revisedAgain.body).toEqual({ version: 3 });
    expect((await api.get(`/articles/${first.body.id}`)).body.version).toBe(3);
  });

  it('the same key with a different body, path or method is a 422; another user has their own keys', async () => {
    const { api } = await start();
    const first = await api.draft(sampleArticle(), users.editor(), { 'Idempotency-Key': 'k' });
    expect(first.status).toBe(201);
    const otherBody = await api.draft(sampleArticle({ title: 'عنوان آخر' }), users.editor(), { 'Idempotency-Key': 'k' });
    expect(otherBody.status).toBe(422);
    expect(otherBody.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(otherBody.body.code).toBe('idempotency_key_reused');
    const otherPath = await api.claim(first.body.id, { quote: 'القواعد' }, users.editor(), { 'Idempotency-Key': 'k' });
    expect(otherPath.status).toBe(422);
    const otherUser = await api.draft(sampleArticle(), users.secondEditor(), { 'Idempotency-Key': 'k' });
    expect(otherUser.status).toBe(201);
    expect(otherUser.body.id).not.toBe(first.body.id);
    expect((await api.get('/articles')).body.items).toHaveLength(2);
  });

  it('the body fingerprint ignores key order: the same JSON with keys reordered is the same request', async () => {
    const { api } = await start();
    const first = await api.draft({ title: 'ت', body: 'ب', language: 'ar' }, users.editor(), { 'Idempotency-Key': 'same' });
    const retry = await api.draft({ language: 'ar', body: 'ب', title: 'ت' }, users.editor(), { 'Idempotency-Key': 'same' });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
  });

  it('a refusal is the first response too: its retry replays the 409 or 412 even after the state changed; a new key runs', async () => {
    const dataDir = tempDataDir();
    const { t, api } = await start(dataDir);
    const id = await api.draftId(sampleArticle({ targetLanguages: ['en'] }));
    const early = await api.publish(id, users.editor(), { 'Idempotency-Key': 'publish' });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('not_ready');
    const stale = await api.revise(id, { title: 'ت' }, users.editor(), { 'Idempotency-Key': 'stale-revise', 'If-Match': '"7"' });
    expect(stale.status).toBe(412);
    const translation = await api.translate(id, { language: 'en', title: 'T', body: 'B' });
    await api.approve(id, translation.body.translationId);
    const version = (await api.get(`/articles/${id}`)).body.version as number;

    await t.app.close();
    apps.splice(apps.indexOf(t), 1);
    const { api: restarted } = await start(dataDir);
    const retry = await restarted.publish(id, users.editor(), { 'Idempotency-Key': 'publish' });
    expect(retry.status).toBe(409);
    expect(retry.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(early.body);
    const staleRetry = await restarted.revise(id, { title: 'ت' }, users.editor(), { 'Idempotency-Key': 'stale-revise', 'If-Match': `"${version}"` });
    expect(staleRetry.status).toBe(412);
    expect(staleRetry.body).toEqual(stale.body);
    expect((await restarted.get(`/articles/${id}`)).body.version).toBe(version);

    const fresh = await restarted.publish(id, users.editor(), { 'Idempotency-Key': 'publish-again' });
    expect(fresh.status).toBe(200);
  });

  it('the path is the resource, however spelled: an upper-case id or a trailing slash replays; a second Idempotency-Key header is a 400', async () => {
    const { t, api } = await start();
    const id = await api.draftId();
    const first = await api.claim(id, { quote: 'القواعد' }, users.factChecker(), { 'Idempotency-Key': 'spelling' });
    expect(first.status).toBe(201);
    for (const path of [`/articles/${id.toUpperCase()}/claims`, `/articles/${id}/claims/`]) {
      const retry = await api.post(path, { quote: 'القواعد' }, users.factChecker(), { 'Idempotency-Key': 'spelling' });
      expect({ path, status: retry.status, body: retry.body }).toEqual({ path, status: 201, body: first.body });
    }
    const twoKeys = await request(t.http)
      .post(`/articles/${id}/claims`)
      .set('Authorization', users.factChecker())
      // Sent as two header lines; superagent's types admit an array only for Cookie.
      .set('Idempotency-Key', ['one', 'two'] as unknown as string)
      .send({ quote: 'القواعد' });
    expect(twoKeys.status).toBe(400);
    expect(twoKeys.body.code).toBe('invalid_idempotency_key');
    expect((await api.get(`/articles/${id}`)).body.version).toBe(2);
  });

  it('a malformed key is a 400', async () => {
    const { api } = await start();
    for (const key of ['x'.repeat(256), 'tab\there', 'clé', '']) {
      const res = await api.draft(sampleArticle(), users.editor(), { 'Idempotency-Key': key });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_idempotency_key');
    }
    expect((await api.get('/articles')).body.items).toHaveLength(0);
  });

  it('concurrent requests with one key: exactly one runs; the others replay it or get 409 idempotency_in_progress', async () => {
    const { api } = await start();
    const results = await Promise.all(Array.from({ length: 8 }, () => api.draft(sampleArticle(), users.editor(), { 'Idempotency-Key': 'race' })));
    const created = results.filter((res) => res.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((res) => res.body.id)).size).toBe(1);
    for (const res of results.filter((r) => r.status !== 201)) {
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('idempotency_in_progress');
    }
    expect((await api.get('/articles')).body.items).toHaveLength(1);
  });

  it('a retry after a restart on the same DATA_DIR returns the first response and writes nothing', async () => {
    const dataDir = tempDataDir();
    const first = await start(dataDir);
    const id = await first.api.draftId(sampleArticle());
    const claim = await first.api.claim(id, { quote: 'القواعد', claimant: 'البيان' }, users.factChecker(), { 'Idempotency-Key': 'restart-key' });
    expect(claim.status).toBe(201);
    await first.t.app.close();
    apps.splice(apps.indexOf(first.t), 1);

    const second = await start(dataDir);
    const retry = await second.api.claim(id, { quote: 'القواعد', claimant: 'البيان' }, users.factChecker(), { 'Idempotency-Key': 'restart-key' });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(claim.body);
    expect(retry.headers.etag).toBe(claim.headers.etag);
    const article = await second.api.get(`/articles/${id}`);
    expect(article.body.version).toBe(2);
    expect(article.body.claims).toHaveLength(1);
    const mismatch = await second.api.claim(id, { quote: 'القواعد' }, users.factChecker(), { 'Idempotency-Key': 'restart-key' });
    expect(mismatch.status).toBe(422);
  });

  it('a retry after a crash between the append and the recorded response answers from the events and writes nothing', async () => {
    const dataDir = tempDataDir();
    const first = await start(dataDir);
    const drafted = await first.api.draft(sampleArticle(), users.editor(), { 'Idempotency-Key': 'draft-before-crash' });
    const claimed = await first.api.claim(drafted.body.id, { quote: 'القواعد' }, users.factChecker(), { 'Idempotency-Key': 'claim-before-crash' });
    const published = await first.api.publish(drafted.body.id, users.editor(), { 'Idempotency-Key': 'publish-before-crash' });
    expect([drafted.status, claimed.status, published.status]).toEqual([201, 201, 409]);
    await first.t.app.close();
    apps.splice(apps.indexOf(first.t), 1);
    // What a crash right after the append leaves behind: the events, and their keys still pending, no response recorded.
    const db = new Database(join(dataDir, 'api.sqlite'));
    expect(db.prepare(`UPDATE idempotency_keys SET state = 'pending', status = NULL, body = NULL, headers = NULL WHERE status < 400`).run().changes).toBe(2);
    db.close();

    const second = await start(dataDir);
    const draftRetry = await second.api.draft(sampleArticle(), users.editor(), { 'Idempotency-Key': 'draft-before-crash' });
    expect(draftRetry.status).toBe(201);
    expect(draftRetry.body).toEqual(drafted.body);
    expect(draftRetry.headers.location).toBe(drafted.headers.location);
    const claimRetry = await second.api.claim(drafted.body.id, { quote: 'القواعد' }, users.factChecker(), { 'Idempotency-Key': 'claim-before-crash' });
    expect(claimRetry.status).toBe(201);
    expect(claimRetry.body).toEqual(claimed.body);
    expect([draftRetry, claimRetry].map((res) => res.headers['idempotent-replayed'])).toEqual(['true', 'true']);
    const otherRequest = await second.api.claim(drafted.body.id, { quote: 'القوات' }, users.factChecker(), { 'Idempotency-Key': 'claim-before-crash' });
    expect(otherRequest.status).toBe(422);
    expect((await second.api.get('/articles')).body.items).toHaveLength(1);
    expect((await second.api.get(`/articles/${drafted.body.id}`)).body.version).toBe(2);
  });
});

describe('Idempotency-Key after a late confirmation', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it('a 503 read_models_behind leaves the key in doubt: the retry answers from the stored events and writes nothing', async () => {
    t = await startApp();
    const api = new Newsroom(t.http);
    const id = await api.draftId();
    // The read models confirm the next write too late, once; the write itself is stored.
    const readModels = t.app.get<ReadModels>(READ_MODELS);
    const waitFor = readModels.waitFor.bind(readModels);
    let late = 1;
    readModels.waitFor = (position, timeoutMs) => (late-- > 0 ? Promise.reject(new Error('not yet applied')) : waitFor(position, timeoutMs));

    const first = await api.claim(id, { quote: 'القواعد' }, users.factChecker(), { 'Idempotency-Key': 'late-claim' });
    expect(first.status).toBe(503);
    expect(first.body.code).toBe('read_models_behind');
    expect(first.headers['retry-after']).toBe('1');
    const retry = await api.claim(id, { quote: 'القواعد' }, users.factChecker(), { 'Idempotency-Key': 'late-claim' });
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    const article = await api.get(`/articles/${id}`);
    expect(article.body.version).toBe(2);
    expect(article.body.claims.map((claim: { id: string }) => claim.id)).toEqual([retry.body.claimId]);
    expect(retry.body).toMatchObject({ version: 2 });
    expect(retry.headers.etag).toBe('"2"');

    const again = await api.claim(id, { quote: 'القواعد' }, users.factChecker(), { 'Idempotency-Key': 'late-claim' });
    expect(again.body).toEqual(retry.body);
    expect(again.headers['newsroom-position']).toBe(retry.headers['newsroom-position']);
    expect((await api.claim(id, { quote: 'القوات' }, users.factChecker(), { 'Idempotency-Key': 'late-claim' })).status).toBe(422);
  });
});
