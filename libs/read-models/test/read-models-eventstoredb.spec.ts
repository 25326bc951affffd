import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { EventStore, Position } from '#event-store';
import { createEventStoreDbEventStore } from '#eventstoredb';
import { EsdbWireDouble } from '#testing';
import { generateArticle, ProjectionRunner, UNHEALTHY_AFTER_DROPS, ReadModelQueries, rebuildReadModels, type ReadModelDatabase } from '../src/index.js';
import { dumpReadModels, openFreshReadModels, tempDataDir } from './read-model-fixture.js';

/** EventStoreDB positions have gaps (and system records in between): lag is counted by reading. */
async function countEventsAfter(store: EventStore, from: Position | null): Promise<number> {
  let count = 0;
  let after = from ?? undefined;
  for (;;) {
    const page = await store.readAll({ ...(after ? { after } : {}), maxCount: 1000 });
    count += page.events.length;
    if (page.isEnd || page.events.length === 0) return count;
    after = page.events[page.events.length - 1].position;
  }
}

describe('read models over EventStoreDB (real gRPC, wire double, positions past 2^53)', () => {
  let double: EsdbWireDouble;
  let temp: ReturnType<typeof tempDataDir>;
  let store: EventStore;
  let db: ReadModelDatabase;
  let runner: ProjectionRunner;

  beforeAll(async () => {
    double = await EsdbWireDouble.start({ firstPosition: 2n ** 60n + 1n });
  });

  afterAll(async () => {
    await double.stop();
  });

  beforeEach(() => {
    temp = tempDataDir('esdb');
    store = createEventStoreDbEventStore(double.connectionString, { resubscribe: { initialDelayMs: 20, maxDelayMs: 200 } });
    db = openFreshReadModels(temp.dir);
    runner = new ProjectionRunner(store, db, { source: 'eventstoredb', countLag: (from) => countEventsAfter(store, from), resubscribeMs: 50 });
  });

  afterEach(async () => {
    await runner.stop();
    await store.close();
    db.close();
    temp.remove();
  });

  it('projects live appends, survives a server restart, reports lag, and equals a rebuild', async () => {
    const articles = Array.from({ length: 20 }, (_, index) => generateArticle(index, { claimsPerArticle: 2 }));
    const append = async (from: number, to: number) => {
      let last: Position | null = null;
      for (const article of articles.slice(from, to)) {
        for (let attempt = 1; ; attempt += 1) {
          try {
            last = (await store.appendToStream(article.streamId, article.events, 'any')).position;
            break;
          } catch (error) {
            // The client reconnects after the server restart; the append itself is idempotent by event ids.
            if (attempt > 50 || !/UNAVAILABLE/.test(String(error))) throw error;
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        }
      }
      return last!;
    };
    const before = await append(0, 10);
    expect((await runner.health()).lag).toBe(articles.slice(0, 10).reduce((sum, article) => sum + article.events.length, 0));
    runner.start();
    await runner.waitFor(before, 20_000);
    expect(await runner.health()).toMatchObject({ ok: true, lag: 0 });

    await double.restart();
    const after = await append(10, 20);
    await runner.waitFor(after, 20_000);

    const queries = new ReadModelQueries(db);
    expect(queries.listArticles({ limit: 100 }).items).toHaveLength(20);
    expect(queries.getArticle(articles[19].articleId)?.version).toBe(articles[19].events.length);
    const rebuilt = openFreshReadModels(temp.dir, 'rebuilt.sqlite');
    await rebuildReadModels(store, rebuilt, { pageSize: 50, source: 'eventstoredb' });
    expect(dumpReadModels(db)).toEqual(dumpReadModels(rebuilt));
    expect(runner.position()!.commit).toBeGreaterThan(2n ** 60n);
    expect((await runner.health()).position).toBe(`${after.commit}/${after.prepare}`);
    rebuilt.close();
  });

  it('npm run projections:rebuild reads EVENT_STORE=eventstoredb', async () => {
    const article = generateArticle(100);
    const { position } = await store.appendToStream(article.streamId, article.events, 'no_stream');
    runner.start();
    await runner.waitFor(position, 20_000);
    await runner.stop();
    const live = dumpReadModels(db);
    db.exec('DELETE FROM claims');

    const script = fileURLToPath(new URL('../../../scripts/rebuild-projections.ts', import.meta.url));
    const child = fork(script, [], {
      execArgv: ['--conditions=source', '--import', 'tsx'],
      env: { ...process.env, DATA_DIR: temp.dir, EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: double.connectionString },
      stdio: 'ignore',
    });
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(0);
    expect(dumpReadModels(db)).toEqual(live);
  });

  it('a subscription that keeps dropping makes health not ok after UNHEALTHY_AFTER_DROPS drops in a row; events flowing again make it ok', async () => {
    const first = generateArticle(200);
    const { position } = await store.appendToStream(first.streamId, first.events, 'no_stream');
    runner.start();
    await runner.waitFor(position, 20_000);
    expect(await runner.health()).toMatchObject({ ok: true });

    // Every resubscription is confirmed and then fails, until the faults are cleared.
    double.failSubscriptionsAfterConfirmation(1_000);
    double.dropSubscriptions();
    await waitUntil(async () => !(await runner.health()).ok);
    const failing = await runner.health();
    expect(failing).toMatchObject({ ok: false, error: { message: expect.stringMatching(/dropped \d+ times in a row/) } });
    expect(UNHEALTHY_AFTER_DROPS).toBe(3);

    double.clearFaults();
    const second = generateArticle(201);
    const appended = await store.appendToStream(second.streamId, second.events, 'no_stream');
    await runner.waitFor(appended.position, 20_000);
    await waitUntil(async () => (await runner.health()).ok);
    expect(await runner.health()).toMatchObject({ ok: true, lag: 0 });
    expect(new ReadModelQueries(db).getArticle(second.articleId)?.version).toBe(second.events.length);
  });

  it('a checkpoint that is no record boundary of this log stops the runner for good: health says to rebuild', async () => {
    const article = generateArticle(300);
    const { position } = await store.appendToStream(article.streamId, article.events, 'no_stream');
    runner.start();
    await runner.waitFor(position, 20_000);
    await runner.stop();
    const [firstEvent] = await store.readStream(article.streamId);
    // As read models built on another store would hold: inside this log, but between two records.
    db.prepare(`UPDATE projection_checkpoint SET position = ? WHERE id = 1`).run(`${firstEvent.position.commit + 1n}/${firstEvent.position.prepare + 1n}`);

    runner = new ProjectionRunner(store, db, { source: 'eventstoredb', countLag: (from) => countEventsAfter(store, from), resubscribeMs: 50 });
    runner.start();
    await waitUntil(async () => (await runner.health()).state === 'failed');
    const health = await runner.health();
    expect(health).toMatchObject({ ok: false, state: 'failed', error: { message: expect.stringMatching(/projections:rebuild/) } });
    await expect(runner.waitFor(position, 1_000)).rejects.toThrow(/rebuild/);
  });
});

async function waitUntil(condition: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

