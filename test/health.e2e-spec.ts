import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { articleStreamId } from '#editorial';
import type { EventStore } from '#event-store';
import { EVENT_STORE } from '../apps/api/src/infrastructure/tokens.js';
import { startApp, type TestApp } from './support/app.js';
import { Newsroom, PROBLEM_JSON } from './support/newsroom.js';

describe('/health and a failed projection', () => {
  let t: TestApp;
  let api: Newsroom;

  beforeAll(async () => {
    t = await startApp({ config: { readYourWritesTimeoutMs: 2000 } });
    api = new Newsroom(t.http);
  });
  afterAll(() => t.close());

  it('is ok with no lag after writes, without a token', async () => {
    await api.draftId();
    const res = await api.get('/health', '');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', eventStore: 'ok', projections: { position: '1/1', lag: 0 } });
  });

  it('reports error (503) once a projection refuses an event; the command that finds out answers 503 read_models_behind (its write kept), later ones 503 read_models_unavailable (nothing written)', async () => {
    const id = await api.draftId();
    // An event no rule would have decided: a verdict on a claim the article never had.
    const store = t.app.get<EventStore>(EVENT_STORE);
    await store.appendToStream(
      articleStreamId(id),
      [
        {
          id: randomUUID(),
          type: 'VerdictRecorded',
          data: { articleId: id, claimId: randomUUID(), verdict: 'true', rationale: 'r', sources: [], laterDisproven: false, correctionNeeded: false },
          metadata: { userId: 'intruder', at: new Date().toISOString() },
        },
      ],
      0n,
    );
    let health = await api.get('/health', '');
    for (let i = 0; i < 50 && health.body.status !== 'error'; i++) health = await api.get('/health', '');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'error', eventStore: 'ok', projections: { lag: 1 } });

    const first = await api.draft();
    expect(first.status).toBe(503);
    expect(first.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(first.body.code).toBe('read_models_behind');
    expect((await store.headPosition())?.commit).toBe(4n);

    const next = await api.claim(id, { quote: 'القواعد' });
    expect(next.status).toBe(503);
    expect(next.body.code).toBe('read_models_unavailable');
    expect((await store.headPosition())?.commit).toBe(4n);
  });
});
