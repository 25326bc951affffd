import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { EsdbWireDouble } from '#testing';
import { parsePositionToken, positionToken } from '../apps/api/src/commands/read-your-writes.js';
import type { AppConfig } from '../apps/api/src/config.js';
import { startApp, users, type TestApp } from './support/app.js';
import { Newsroom, PROBLEM_JSON, sampleArticle } from './support/newsroom.js';

const TOKEN = /^[A-Za-z0-9._~-]+$/;

describe.each(['sqlite', 'eventstoredb'] as const)('Newsroom-Position and Newsroom-Min-Position across two nodes (%s)', (kind) => {
  const apps: TestApp[] = [];
  let double: EsdbWireDouble | undefined;
  let a: Newsroom;
  let b: Newsroom;
  let impatient: Newsroom;

  beforeAll(async () => {
    let eventStore: AppConfig['eventStore'] = { kind: 'sqlite' };
    if (kind === 'eventstoredb') {
      double = await EsdbWireDouble.start();
      eventStore = { kind, connectionString: double.connectionString };
    }
    const shared = () => (kind === 'sqlite' ? { dataDir: apps[0].dataDir } : {});
    apps.push(await startApp({ config: { eventStore } }));
    apps.push(await startApp({ ...shared(), config: { eventStore } }));
    // A third node with a short confirmation window, so that waiting for a position no write reached ends soon.
    apps.push(await startApp({ ...shared(), config: { eventStore, readYourWritesTimeoutMs: 300 } }));
    [a, b, impatient] = apps.map((t) => new Newsroom(t.http));
  });

  afterAll(async () => {
    for (const t of apps) await t.close();
    await double?.stop();
  });

  it('every 2xx command names its place in the log with a URL-safe token that grows with each write; a replay names the same', async () => {
    const drafted = await a.draft(sampleArticle(), users.editor(), { 'Idempotency-Key': `position-${kind}` });
    const id = drafted.body.id as string;
    const claimed = await a.claim(id, { quote: 'القواعد' });
    const tokens = [drafted, claimed].map((res) => res.headers['newsroom-position'] as string);
    for (const token of tokens) expect(token).toMatch(TOKEN);
    const [first, second] = tokens.map(parsePositionToken);
    expect(second.commit > first.commit || (second.commit === first.commit && second.prepare > first.prepare)).toBe(true);

    const replay = await a.draft(sampleArticle(), users.editor(), { 'Idempotency-Key': `position-${kind}` });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.headers['newsroom-position']).toBe(tokens[0]);
    const refused = await a.publish(id);
    expect(refused.status).toBe(409);
    expect(refused.headers['newsroom-position']).toBeUndefined();
  });

  it('a GET on the other node with Newsroom-Min-Position sees the write', async () => {
    const id = await a.draftId();
    const claimed = await a.claim(id, { quote: 'القواعد' });
    const res = await b.get(`/articles/${id}`).set('Newsroom-Min-Position', claimed.headers['newsroom-position'] as string);
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(2);
    expect(res.body.claims.map((claim: { id: string }) => claim.id)).toEqual([claimed.body.claimId]);
    const claims = await b.get(`/claims?articleId=${id}`).set('Newsroom-Min-Position', claimed.headers['newsroom-position'] as string);
    expect(claims.body.items).toHaveLength(1);
  });

  it('a position no write has reached is a 503 read_models_behind with Retry-After', async () => {
    const id = await a.draftId();
    const beyond = positionToken({ commit: 2n ** 62n, prepare: 2n ** 62n });
    for (const path of [`/articles/${id}`, '/dashboard', '/claims']) {
      const res = await impatient.get(path).set('Newsroom-Min-Position', beyond);
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body.code).toBe('read_models_behind');
      expect(res.headers['retry-after']).toBe('1');
    }
  });

  it('a malformed token is a 400 invalid_position, after the token check (401)', async () => {
    for (const malformed of ['', 'abc', '1.2', '1.2.3.4', '2.1.1', '1.-1.1', '1.A.1', `1.${'z'.repeat(14)}.1`, '1.zzzzzzzzzzzzz.1']) {
      const res = await b.get('/dashboard').set('Newsroom-Min-Position', malformed);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'invalid_position', errors: [expect.objectContaining({ field: 'Newsroom-Min-Position' })] });
    }
    const twice = await request(apps[1].http).get('/dashboard').set('Authorization', users.viewer()).set('Newsroom-Min-Position', ['1.1.1', '1.2.2'] as unknown as string);
    expect(twice.status).toBe(400);
    const anonymous = await request(apps[1].http).get('/dashboard').set('Newsroom-Min-Position', 'abc');
    expect(anonymous.status).toBe(401);
  });
});
