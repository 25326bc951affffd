import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { serializePosition, type EventStore, type RecordedEvent } from '#event-store';
import { LiveEvents } from '../apps/api/src/events/live-events.service.js';
import { EVENT_STORE } from '../apps/api/src/infrastructure/tokens.js';
import { signToken } from '#auth';
import { startApp, tempDataDir, TEST_SECRET, users, type TestApp } from './support/app.js';
import { eventually, listen, SseClient } from './support/live-events.js';
import { Newsroom, sampleArticle } from './support/newsroom.js';

const auth = (token = users.viewer()) => ({ Authorization: token });

async function logIds(t: TestApp): Promise<Array<{ id: string; type: string; streamId: string; version: number }>> {
  const store = t.app.get<EventStore>(EVENT_STORE);
  const events: RecordedEvent[] = [];
  for (let page = await store.readAll({ maxCount: 10_000 }); ; page = await store.readAll({ after: events.at(-1)!.position, maxCount: 10_000 })) {
    events.push(...page.events);
    if (page.isEnd || page.events.length === 0) break;
  }
  return events.map((event) => ({ id: serializePosition(event.position), type: event.type, streamId: event.streamId, version: Number(event.revision) + 1 }));
}

describe('GET /events: live events over Server-Sent Events', () => {
  let t: TestApp;
  let api: Newsroom;
  let baseUrl: string;
  const open: SseClient[] = [];
  const connect = async (headers: Record<string, string> = auth(), path?: string, options?: { paused?: boolean }) => {
    const client = await SseClient.open(baseUrl, headers, path, options);
    open.push(client);
    return client;
  };

  beforeAll(async () => {
    t = await startApp();
    api = new Newsroom(t.http);
    baseUrl = await listen(t);
  });
  afterAll(async () => {
    for (const client of open) client.close();
    await t.close();
  });

  it('needs a token in the Authorization header: none, or one in the query string, is a 401 problem', async () => {
    const none = await connect({});
    expect(none.status).toBe(401);
    expect(none.response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(await none.body())).toMatchObject({ status: 401, code: 'unauthorized' });

    const token = users.viewer().slice('Bearer '.length);
    for (const query of [`token=${token}`, `access_token=${token}`, `authorization=Bearer%20${token}`]) {
      const inQuery = await connect({}, `/events?${query}`);
      expect(inQuery.status).toBe(401);
      await inQuery.body();
    }
    const forged = await connect(auth(`Bearer ${token.slice(0, -4)}AAAA`));
    expect(forged.status).toBe(401);
  });

  it('a malformed Last-Event-ID is a 400 problem', async () => {
    for (const id of ['abc', '1', '1/x', '-1/-1']) {
      const res = await connect({ ...auth(), 'Last-Event-ID': id });
      expect(res.status).toBe(400);
      expect(JSON.parse(await res.body())).toMatchObject({ status: 400, code: 'invalid_last_event_id' });
    }
  });

  it('without Last-Event-ID sends live events only, each once the read models reflect it, without article text', async () => {
    const articleId = await api.draftId();
    const client = await connect();
    expect(client.status).toBe(200);
    expect(client.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(client.response.headers['cache-control']).toMatch(/no-store/);

    const claim = await api.claim(articleId, { quote: 'القواعد' });
    expect(claim.status).toBe(201);
    await client.waitForMessages(1);
    const [message] = client.messages;
    const log = await logIds(t);
    expect(message).toEqual({
      id: log.at(-1)!.id,
      event: 'ClaimIdentified',
      data: { stream: `article-${articleId}`, articleId, version: 2, type: 'ClaimIdentified', at: expect.any(String), by: 'farah-checker' },
    });
    expect(new Date(message.data.at).toISOString()).toBe(message.data.at);
    // The message is written before the command's response: a GET after it sees the claim.
    const article = await api.get(`/articles/${articleId}`);
    expect(article.body.version).toBe(message.data.version);
  });

  it('sends a comment line while the stream is quiet', async () => {
    t.app.get(LiveEvents).limits.heartbeatMs = 50;
    try {
      const client = await connect();
      await eventually(() => client.comments.includes('heartbeat'), 'a heartbeat comment');
    } finally {
      t.app.get(LiveEvents).limits.heartbeatMs = 10_000;
    }
  });

  it('ends the stream when its token expires; reconnecting with that token is a 401', async () => {
    const live = t.app.get(LiveEvents);
    const token = `Bearer ${signToken({ userId: 'short-lived', roles: ['viewer'] }, TEST_SECRET, { expiresInSeconds: 2 })}`;
    const client = await connect(auth(token));
    expect(client.status).toBe(200);
    const streams = live.openStreams();
    await eventually(() => client.ended, 'the stream to end at expiry');
    await eventually(() => live.openStreams() === streams - 1, 'the stream to be freed');
    const again = await connect(auth(token));
    expect(again.status).toBe(401);
  });

  it('a client that disconnects frees its stream', async () => {
    const live = t.app.get(LiveEvents);
    for (const client of open.splice(0)) client.close();
    await eventually(() => live.openStreams() === 0, 'every stream to close');
    const client = await connect();
    await eventually(() => live.openStreams() === 1, 'one open stream');
    client.close();
    await eventually(() => live.openStreams() === 0, 'the stream to be freed');
    // Nothing is written for it any more: the next event reaches no one and fails nothing.
    expect((await api.draft()).status).toBe(201);
  });

  it('a client that stops reading is closed once its buffer passes the bound, while a reading one gets everything; it resumes from its last id', async () => {
    const live = t.app.get(LiveEvents);
    // Small enough to reach quickly, large enough for a reader in this very process, which reads only between the service's turns.
    live.limits.maxBufferedBytes = 256 * 1024;
    try {
      const reader = await connect();
      const stalled = await connect(auth(), undefined, { paused: true });
      // Events of a fact-check stream: the read models skip them, the stream names their factCheckId.
      const factCheckId = randomUUID();
      const store = t.app.get<EventStore>(EVENT_STORE);
      const total = 40_000;
      for (let appended = 0; appended < total && !stalled.ended; appended += 100) {
        const { position } = await store.appendToStream(
          `fact-check-${factCheckId}`,
          Array.from({ length: 100 }, () => ({ id: randomUUID(), type: 'FactCheckNoted', data: {}, metadata: { userId: 'load', at: new Date().toISOString() } })),
          'any',
        );
        // The reader runs in this process and reads only between the service's turns: keeping it
        // caught up keeps each burst small, so only the stalled client's backlog grows.
        await reader.waitForId(serializePosition(position));
      }
      const head = serializePosition((await store.headPosition())!);
      await eventually(() => reader.messages.at(-1)?.id === head || stalled.ended, `the stalled stream to be closed (reader: ${reader.messages.length} messages, ended ${reader.ended})`);
      // It was closed by the service, not by us: read what reached it before that.
      stalled.response.resume();
      await eventually(() => stalled.ended, 'the stalled stream to end');
      expect(stalled.messages.length).toBeGreaterThan(0);
      expect(stalled.messages.length).toBeLessThan(total);
      expect(stalled.messages[0].data).toEqual({ stream: `fact-check-${factCheckId}`, factCheckId, version: expect.any(Number), type: 'FactCheckNoted', at: expect.any(String), by: 'load' });

      const resumed = await connect({ ...auth(), 'Last-Event-ID': stalled.lastId! });
      const seen = stalled.messages.map((message) => message.id);
      const appendedIds = (await logIds(t)).filter((event) => event.streamId === `fact-check-${factCheckId}`).map((event) => event.id);
      await resumed.waitForMessages(appendedIds.length - seen.length, 60_000);
      expect([...seen, ...resumed.messages.map((message) => message.id)]).toEqual(appendedIds);
      await reader.waitForMessages(appendedIds.length, 60_000);
      expect(reader.messages.filter((message) => message.data.factCheckId === factCheckId).map((message) => message.id)).toEqual(appendedIds);
    } finally {
      live.limits.maxBufferedBytes = 1024 * 1024;
      for (const client of open.splice(0)) client.close();
      await eventually(() => live.openStreams() === 0, 'every stream to close');
    }
  }, 120_000);

  it('200 clients, 10 of which never read: commands go on, and every reading client gets every event in order', async () => {
    const live = t.app.get(LiveEvents);
    const readers = await Promise.all(Array.from({ length: 190 }, () => connect()));
    const stalled = await Promise.all(Array.from({ length: 10 }, () => connect(auth(), undefined, { paused: true })));
    expect(live.openStreams()).toBe(200);

    const articleId = await api.draftId(sampleArticle({ body: 'القواعد عراقية. '.repeat(60) }));
    for (let occurrence = 1; occurrence <= 30; occurrence++) {
      expect((await api.claim(articleId, { quote: 'القواعد عراقية', occurrence })).status).toBe(201);
    }
    const expected = (await logIds(t)).filter((event) => event.streamId === `article-${articleId}`).map((event) => event.id);
    expect(expected).toHaveLength(31);
    for (const reader of readers) await reader.waitForMessages(31);
    for (const reader of readers) expect(reader.messages.map((message) => message.id)).toEqual(expected);
    for (const client of [...readers, ...stalled]) client.close();
    await eventually(() => live.openStreams() === 0, 'all 200 streams to be freed');
  }, 120_000);
});

describe('GET /events with Last-Event-ID: resuming across a restart', () => {
  const dataDir = tempDataDir();
  let t: TestApp;

  afterAll(async () => {
    await t?.close();
  });

  it('delivers exactly the events after the id, in order, then the live ones, without gap or duplicate', async () => {
    t = await startApp({ dataDir });
    let api = new Newsroom(t.http);
    let baseUrl = await listen(t);
    const before = await SseClient.open(baseUrl, auth());

    const articleId = await api.draftId();
    const claimId = await api.claimId(articleId, { quote: 'القواعد' });
    await api.verdict(articleId, claimId, { verdict: 'true', rationale: 'Confirmed by the ministry.' });
    const otherId = await api.draftId();
    await before.waitForMessages(4);
    const firstLife = await logIds(t);
    expect(before.messages.map((message) => message.id)).toEqual(firstLife.map((event) => event.id));
    const seen = before.messages[1].id;

    // A clean shutdown ends the open stream instead of waiting for its client.
    await t.close({ keepData: true });
    await eventually(() => before.ended, 'the stream to end at shutdown');

    t = await startApp({ dataDir });
    api = new Newsroom(t.http);
    baseUrl = await listen(t);
    await api.verdict(articleId, claimId, { verdict: 'false', rationale: 'The ministry retracted its statement.' });
    await api.claimId(otherId, { quote: 'القوات', occurrence: 2 });
    const log = await logIds(t);
    expect(log).toHaveLength(6);

    const resumed = await SseClient.open(baseUrl, { ...auth(), 'Last-Event-ID': seen });
    expect(resumed.status).toBe(200);
    await resumed.waitForMessages(4);
    expect(resumed.messages.map((message) => [message.id, message.event])).toEqual(log.slice(2).map((event) => [event.id, event.type]));
    expect(resumed.messages.map((message) => message.data.version)).toEqual(log.slice(2).map((event) => event.version));

    const revised = await api.revise(otherId, { title: 'عنوان جديد' });
    expect(revised.status).toBe(200);
    await resumed.waitForMessages(5);
    const after = await logIds(t);
    expect(resumed.messages.map((message) => message.id)).toEqual(after.slice(2).map((event) => event.id));

    // Resuming from the newest id replays nothing; the next event comes live.
    const upToDate = await SseClient.open(baseUrl, { ...auth(), 'Last-Event-ID': after.at(-1)!.id });
    await api.draftId();
    await upToDate.waitForMessages(1);
    expect(upToDate.messages.map((message) => message.id)).toEqual([(await logIds(t)).at(-1)!.id]);
    for (const client of [resumed, upToDate]) client.close();
  }, 60_000);
});
