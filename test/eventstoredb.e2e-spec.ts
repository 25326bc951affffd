import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EsdbWireDouble } from '#testing';
import { startApp, users, type TestApp } from './support/app.js';
import { Newsroom, sampleArticle } from './support/newsroom.js';

describe('EVENT_STORE=eventstoredb: the same API over gRPC (against the EventStoreDB wire double)', () => {
  let double: EsdbWireDouble;
  let t: TestApp;
  let api: Newsroom;

  beforeAll(async () => {
    double = await EsdbWireDouble.start();
    t = await startApp({ config: { eventStore: { kind: 'eventstoredb', connectionString: double.connectionString } } });
    api = new Newsroom(t.http);
  });
  afterAll(async () => {
    await t.close();
    await double.stop();
  });

  it('runs a workflow with read-your-writes and races resolved, and reports health', async () => {
    const id = await api.draftId(sampleArticle({ targetLanguages: ['en'] }));
    const claimIds = await Promise.all(['القواعد عراقية', 'القوات ستغادر'].map((quote) => api.claimId(id, { quote })));
    const verdicts = await Promise.all(claimIds.map((claimId) => api.verdict(id, claimId, { verdict: 'true', rationale: 'r' })));
    expect(verdicts.map((res) => res.status)).toEqual([201, 201]);
    const translation = await api.translate(id, { language: 'en', title: 'T', body: 'B' });
    expect((await api.approve(id, translation.body.translationId)).status).toBe(200);
    const stale = await api.publish(id, users.editor(), { 'If-Match': '"2"' });
    expect(stale.status).toBe(412);
    const published = await api.publish(id);
    expect(published.status).toBe(200);
    expect(published.body.version).toBe(8);

    const article = await api.get(`/articles/${id}`);
    expect(article.body).toMatchObject({ status: 'published', version: 8 });
    const health = await api.get('/health', '');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok', eventStore: 'ok', projections: { position: expect.any(String), lag: 0 } });
  });

  it('/health is a 503 with status error while EventStoreDB is unreachable', async () => {
    await double.stop();
    const res = await api.get('/health', '');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'error', eventStore: 'unreachable' });
    await double.restart();
  });
});
