import { afterEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { foldArticle, type ArticleEvent } from '#editorial';
import { openSqliteEventStore, type EventStore, type EventToAppend, type SqliteEventStore } from '#event-store';
import { generateArticle } from '#read-models';
import { articleAggregate } from '../articles/article.aggregate.js';
import { StateCache } from './state-cache.js';

const foldAll = (events: EventToAppend[]) => foldArticle(events.map(({ type, data, metadata }) => ({ type, data, metadata }) as ArticleEvent));

describe('StateCache (the article)', () => {
  const opened: SqliteEventStore[] = [];
  const dirs: string[] = [];
  const openStores = (count: number) => {
    const dir = mkdtempSync(join(tmpdir(), 'newsroom-loader-'));
    dirs.push(dir);
    const stores = Array.from({ length: count }, () => openSqliteEventStore({ dataDir: dir }));
    opened.push(...stores);
    return stores;
  };
  /** The real store, with a note of how many events each readStream returned. */
  const counting = (store: SqliteEventStore) => {
    const reads: number[] = [];
    const reader = {
      readStream: async (...args: Parameters<EventStore['readStream']>) => {
        const events = await store.readStream(...args);
        reads.push(events.length);
        return events;
      },
    } as unknown as EventStore;
    return { reader, reads };
  };

  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('folds a stream once, then only what was appended since, also by another connection', async () => {
    const [store, otherProcess] = openStores(2);
    const article = generateArticle(1, { claimsPerArticle: 3 });
    const half = Math.floor(article.events.length / 2);
    const [first, rest] = [article.events.slice(0, half), article.events.slice(half)];
    await store.appendToStream(article.streamId, first, 'no_stream');
    const { reader, reads } = counting(store);
    const loader = new StateCache(reader, articleAggregate);

    const before = await loader.load(article.streamId);
    expect(before).toEqual(foldAll(first));
    await otherProcess.appendToStream(article.streamId, rest, BigInt(half - 1));
    const after = await loader.load(article.streamId);
    const again = await loader.load(article.streamId);

    expect(after).toEqual(foldAll(article.events));
    expect(after?.version).toBe(article.events.length);
    expect(again).toBe(after);
    expect(reads).toEqual([first.length, rest.length, 0]);
  });

  it('reads the whole stream again once its article no longer fits the budget, with the same result', async () => {
    const [store] = openStores(1);
    const articles = [generateArticle(1), generateArticle(2)];
    for (const article of articles) await store.appendToStream(article.streamId, article.events, 'no_stream');
    const { reader, reads } = counting(store);
    const roomForOne = JSON.stringify(articles[0].events.map((event) => event.data)).length + 100;
    const loader = new StateCache(reader, articleAggregate, roomForOne);

    for (const article of [...articles, ...articles]) expect(await loader.load(article.streamId)).toEqual(foldAll(article.events));
    expect(reads).toEqual(articles.map((article) => article.events.length).concat(articles.map((article) => article.events.length)));
    const tiny = counting(store);
    const nothingFits = new StateCache(tiny.reader, articleAggregate, 10);
    await nothingFits.load(articles[0].streamId);
    await nothingFits.load(articles[0].streamId);
    expect(tiny.reads).toEqual([articles[0].events.length, articles[0].events.length]);
  });

  it('measures an article by what its state holds, not by its history: a much-revised article stays cached', async () => {
    const [store] = openStores(1);
    const article = generateArticle(3, { claimsPerArticle: 1 });
    const drafted = article.events[0];
    const revisions: EventToAppend[] = Array.from({ length: 30 }, (_, n) => ({
      id: randomUUID(),
      type: 'DraftRevised',
      data: { articleId: article.articleId, title: `عنوان ${n}`, body: `${n} ${'ب'.repeat(2_000)}`, reanchoredClaims: [], withdrawnClaimIds: [], outdatedTranslationIds: [] },
      metadata: { userId: 'editor', at: new Date().toISOString() },
    }));
    await store.appendToStream(article.streamId, [drafted, ...revisions], 'no_stream');
    const { reader, reads } = counting(store);
    const loader = new StateCache(reader, articleAggregate, 5_000);

    const first = await loader.load(article.streamId);
    const second = await loader.load(article.streamId);

    expect(first?.body).toBe(`29 ${'ب'.repeat(2_000)}`);
    expect(second).toBe(first);
    expect(reads).toEqual([31, 0]);
  });

  it('knows no article for a stream that does not exist', async () => {
    const [store] = openStores(1);
    expect(await new StateCache(store, articleAggregate).load('article-00000000-0000-4000-8000-000000000000')).toBeNull();
  });
});
