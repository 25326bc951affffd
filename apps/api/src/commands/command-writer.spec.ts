import { afterEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deterministicEventId, openSqliteEventStore, WrongExpectedRevisionError, type EventStore } from '#event-store';
import { articleAggregate } from '../articles/article.aggregate.js';
import type { AppConfig } from '../config.js';
import { ReadModels } from '../infrastructure/read-models.provider.js';
import type { ArticleCommand } from '#editorial';
import { CommandWriter, WriteCommand } from './command-writer.js';

const editor = { userId: 'edith-editor' };
const checker = { userId: 'farah-checker' };

describe('CommandWriter', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** The real SQLite store and read models, with a count of appends that lost a race. */
  function aWriter() {
    const dir = mkdtempSync(join(tmpdir(), 'newsroom-writer-'));
    const store = openSqliteEventStore({ dataDir: dir });
    let lostRaces = 0;
    const watched = new Proxy(store, {
      get(target, name) {
        if (name === 'appendToStream') {
          return async (...args: Parameters<EventStore['appendToStream']>) => {
            try {
              return await target.appendToStream(...args);
            } catch (error) {
              if (error instanceof WrongExpectedRevisionError) lostRaces += 1;
              throw error;
            }
          };
        }
        const value: unknown = Reflect.get(target, name, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as EventStore;
    const readModels = ReadModels.start(dir, watched, { eventStore: { kind: 'sqlite' } });
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => store.close(), () => readModels.close());
    const commandWriter = new CommandWriter(watched, readModels, { readYourWritesTimeoutMs: 10_000 } as AppConfig);
    const writer = {
      execute: (command: ArticleCommand, keyHash?: string, { request = 'request-a', recover = false } = {}) =>
        commandWriter.execute(
          new WriteCommand(articleAggregate, command.data.articleId, command, {
            userId: command.userId,
            expected: undefined,
            ...(keyHash ? { idempotency: { key: keyHash, request, recover } } : {}),
          }),
        ),
    };
    return { writer, store, lostRaces: () => lostRaces };
  }

  it('lets the commands on one article take turns: forty at once land on forty versions without one lost race', async () => {
    const { writer, lostRaces } = aWriter();
    const words = Array.from({ length: 40 }, (_, i) => `ادعاء${i + 1}`);
    const articleId = randomUUID();
    await writer.execute({ type: 'DraftArticle', data: { articleId, title: 'عنوان', body: words.join(' '), language: 'ar' }, userId: editor.userId });

    const written = await Promise.all(
      words.map((quote) => writer.execute({ type: 'IdentifyClaim', data: { articleId, quote }, userId: checker.userId })),
    );

    expect(written.map((result) => result.version).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 2));
    expect(lostRaces()).toBe(0);
  });

  it('keeps the turns of different articles apart, and one refused command does not hold up the next', async () => {
    const { writer } = aWriter();
    const [first, second] = [randomUUID(), randomUUID()];
    const draft = (articleId: string) =>
      writer.execute({ type: 'DraftArticle', data: { articleId, title: 'عنوان', body: 'نص', language: 'ar' }, userId: editor.userId });
    await Promise.all([draft(first), draft(second)]);
    const refused = writer.execute({ type: 'IdentifyClaim', data: { articleId: first, quote: 'غائب' }, userId: checker.userId });
    const next = writer.execute({ type: 'IdentifyClaim', data: { articleId: first, quote: 'نص' }, userId: checker.userId });

    await expect(refused).rejects.toMatchObject({ code: 'quote_not_found' });
    expect((await next).version).toBe(2);
  });

  it('names the events of a keyed command after its key, so that a retry re-sends the same ids; others get time-ordered v7 ids', async () => {
    const { writer, store } = aWriter();
    const articleId = randomUUID();
    await writer.execute({ type: 'DraftArticle', data: { articleId, title: 'عنوان', body: 'نص واحد', language: 'ar' }, userId: editor.userId });
    await writer.execute({ type: 'IdentifyClaim', data: { articleId, quote: 'نص' }, userId: checker.userId }, 'key-hash');

    const [drafted, claimed] = await store.readStream(`article-${articleId}`);
    expect(drafted.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(claimed.id).toBe(deterministicEventId(`article-${articleId}/key-hash`, 0));
    expect(claimed.metadata.idempotencyKey).toBe('key-hash');
    expect(claimed.metadata.idempotencyRequest).toBe('request-a');
  });

  it('answers a key found in the events from them when the request is the same, and 422 when it is another (a node without the key’s record)', async () => {
    const { writer, store } = aWriter();
    const articleId = randomUUID();
    await writer.execute({ type: 'DraftArticle', data: { articleId, title: 'عنوان', body: 'نص واحد', language: 'ar' }, userId: editor.userId });
    const first = await writer.execute({ type: 'IdentifyClaim', data: { articleId, quote: 'نص' }, userId: checker.userId }, 'key-hash');

    const retry = await writer.execute({ type: 'IdentifyClaim', data: { articleId, quote: 'نص' }, userId: checker.userId }, 'key-hash', { recover: true });
    const reused = writer.execute({ type: 'IdentifyClaim', data: { articleId, quote: 'واحد' }, userId: checker.userId }, 'key-hash', { request: 'request-b', recover: true });

    expect(retry).toMatchObject({ version: first.version, replayed: true });
    await expect(reused).rejects.toMatchObject({ status: 422, code: 'idempotency_key_reused' });
    expect(await store.readStream(`article-${articleId}`)).toHaveLength(2);
  });
});
