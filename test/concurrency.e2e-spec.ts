import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EsdbWireDouble } from '#testing';
import type { AppConfig } from '../apps/api/src/config.js';
import { startApp, users, type TestApp } from './support/app.js';
import { Newsroom } from './support/newsroom.js';

// Over gRPC the read and the append of a command are far apart in time, so these races really
// happen and are resolved by re-reading; the embedded store is covered too.
describe.each(['sqlite', 'eventstoredb'] as const)('concurrent commands on one article (%s)', (kind) => {
  let t: TestApp;
  let api: Newsroom;
  let double: EsdbWireDouble | undefined;

  beforeAll(async () => {
    let eventStore: AppConfig['eventStore'] = { kind: 'sqlite' };
    if (kind === 'eventstoredb') {
      double = await EsdbWireDouble.start();
      eventStore = { kind, connectionString: double.connectionString };
    }
    t = await startApp({ config: { eventStore } });
    api = new Newsroom(t.http);
  });
  afterAll(async () => {
    await t.close();
    await double?.stop();
  });

  it('20 verdicts on 20 claims in parallel without If-Match all succeed; the version rises by exactly 20', async () => {
    const words = Array.from({ length: 20 }, (_, i) => `ادعاء${i + 1}`);
    const id = await api.draftId({ title: 'عشرون ادعاء', body: words.join(' — '), language: 'ar' });
    const claimIds: string[] = [];
    for (const word of words) claimIds.push(await api.claimId(id, { quote: word }));
    const before = (await api.get(`/articles/${id}`)).body.version as number;

    const results = await Promise.all(claimIds.map((claimId) => api.verdict(id, claimId, { verdict: 'true', rationale: 'Checked.' })));

    expect(results.map((res) => res.status)).toEqual(Array(20).fill(201));
    expect(new Set(results.map((res) => res.body.version)).size).toBe(20);
    const after = await api.get(`/articles/${id}`);
    expect(after.body.version).toBe(before + 20);
    expect(after.body.claims.every((claim: { verdict: string }) => claim.verdict === 'true')).toBe(true);
    expect(after.body.status).toBe('ready');
  });

  it('10 parallel commands with the same If-Match: exactly one succeeds, the others get 412 and write nothing', async () => {
    const id = await api.draftId({ title: 'عنوان', body: 'نص واحد واثنان وثلاثة وأربعة وخمسة', language: 'ar' });
    const { version } = (await api.get(`/articles/${id}`)).body as { version: number };
    const quotes = ['نص', 'واحد', 'واثنان', 'وثلاثة', 'وأربعة', 'وخمسة', 'واحد و', 'نص و', 'ثلاثة', 'أربعة'];

    const results = await Promise.all(quotes.map((quote) => api.claim(id, { quote }, users.factChecker(), { 'If-Match': `"${version}"` })));

    const statuses = results.map((res) => res.status).sort();
    expect(statuses).toEqual([201, ...Array(9).fill(412)]);
    for (const res of results.filter((r) => r.status === 412)) {
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('precondition_failed');
    }
    const after = await api.get(`/articles/${id}`);
    expect(after.body.version).toBe(version + 1);
    expect(after.body.claims).toHaveLength(1);
  });
});

describe.each(['sqlite', 'eventstoredb'] as const)('two services on one event store (%s)', (kind) => {
  const apps: TestApp[] = [];
  let double: EsdbWireDouble | undefined;
  let a: Newsroom;
  let b: Newsroom;

  beforeAll(async () => {
    let eventStore: AppConfig['eventStore'] = { kind: 'sqlite' };
    if (kind === 'eventstoredb') {
      double = await EsdbWireDouble.start();
      eventStore = { kind, connectionString: double.connectionString };
    }
    apps.push(await startApp({ config: { eventStore } }));
    // On SQLite both serve the same DATA_DIR; on EventStoreDB each keeps its own read models.
    apps.push(await startApp({ ...(kind === 'sqlite' ? { dataDir: apps[0].dataDir } : {}), config: { eventStore } }));
    [a, b] = apps.map((t) => new Newsroom(t.http));
  });

  afterAll(async () => {
    for (const t of apps) await t.close();
    await double?.stop();
  });

  it('each decides on what the other wrote: its If-Match, versions and rules see the other service’s events', async () => {
    const id = await a.draftId({ title: 'عنوان', body: 'قال الوزير إن القوات ستبقى', language: 'ar', targetLanguages: ['en'] });
    const claimId = await a.claimId(id, { quote: 'القوات' });
    expect((await b.claim(id, { quote: 'الوزير' }, users.factChecker(), { 'If-Match': '"2"' })).status).toBe(201);
    expect((await b.verdict(id, claimId, { verdict: 'true', rationale: 'r' })).body.version).toBe(4);

    const stale = await a.claim(id, { quote: 'ستبقى' }, users.factChecker(), { 'If-Match': '"2"' });
    expect(stale.status).toBe(412);
    const published = await a.publish(id);
    expect(published.body).toMatchObject({ code: 'not_ready', unmet: expect.arrayContaining([{ code: 'translation_missing', language: 'en' }]) });
    expect(published.body.unmet).toHaveLength(2);
    expect((await a.claim(id, { quote: 'ستبقى' }, users.factChecker(), { 'If-Match': '"4"' })).body.version).toBe(5);
    expect((await b.revise(id, { title: 'عنوان جديد' }, users.editor(), { 'If-Match': '"5"' })).body.version).toBe(6);
    // A's read models follow B's write on their own subscription: read-your-writes holds for the writer only.
    let seenByA = (await a.get(`/articles/${id}`)).body;
    for (const deadline = Date.now() + 30_000; seenByA.version < 6 && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      seenByA = (await a.get(`/articles/${id}`)).body;
    }
    expect(seenByA).toMatchObject({ version: 6, title: 'عنوان جديد' });
  });

  it('64 claims sent at once, half to each service, without If-Match: every one lands, each on its own version', async () => {
    const words = Array.from({ length: 64 }, (_, i) => `ادعاء${i + 1}`);
    const id = await a.draftId({ title: 'أربعة وستون ادعاء', body: words.join(' — '), language: 'ar' });

    const results = await Promise.all(words.map((word, i) => (i % 2 ? b : a).claim(id, { quote: word })));

    expect(results.filter((res) => res.status !== 201).map((res) => res.body)).toEqual([]);
    expect(new Set(results.map((res) => res.body.version))).toEqual(new Set(Array.from({ length: 64 }, (_, i) => i + 2)));
  });
});
