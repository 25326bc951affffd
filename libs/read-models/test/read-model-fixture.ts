import { afterEach, beforeEach } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { articleStreamId, decide, foldArticle, type ArticleCommand, type ArticleEvent } from '#editorial';
import { openSqliteEventStore, StreamNotFoundError, type AppendResult, type Position, type SqliteEventStore } from '#event-store';
import { openReadModelDatabase, ProjectionRunner, ReadModelQueries, readModelTables, type ReadModelDatabase } from '../src/index.js';
import type { GeneratedArticle } from '../src/workload.js';

export function tempDataDir(name: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `read-models-${name}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function openStore(dataDir: string): SqliteEventStore {
  return openSqliteEventStore({ dataDir, pollIntervalMs: 20 });
}

/** A store in a fresh temp DATA_DIR for each test of the enclosing describe, closed and removed after it. */
export function storePerTest(name: string): { temp: ReturnType<typeof tempDataDir>; store: SqliteEventStore } {
  const current = {} as { temp: ReturnType<typeof tempDataDir>; store: SqliteEventStore };
  beforeEach(() => {
    current.temp = tempDataDir(name);
    current.store = openStore(current.temp.dir);
  });
  afterEach(async () => {
    await current.store.close();
    current.temp.remove();
  });
  return current;
}

export interface ProjectionParts {
  temp: ReturnType<typeof tempDataDir>;
  store: SqliteEventStore;
  db: ReadModelDatabase;
  runner: ProjectionRunner;
  queries: ReadModelQueries;
  newsroom: Newsroom;
}

/**
 * For each test of the enclosing describe: a store and fresh read models in a temp DATA_DIR, a
 * runner (not started), their queries and a Newsroom to run commands; handed to `use`, stopped,
 * closed and removed after the test.
 */
export function projectionsPerTest(name: string, use: (parts: ProjectionParts) => void): void {
  let parts: ProjectionParts;
  beforeEach(() => {
    const temp = tempDataDir(name);
    const store = openStore(temp.dir);
    const db = openFreshReadModels(temp.dir);
    parts = { temp, store, db, runner: new ProjectionRunner(store, db, { batchSize: 50 }), queries: new ReadModelQueries(db), newsroom: new Newsroom(store) };
    use(parts);
  });
  afterEach(async () => {
    await parts.runner.stop();
    await parts.store.close();
    parts.db.close();
    parts.temp.remove();
  });
}

/** Runs commands through the real domain (decide over the folded stream) and appends what it decides. */
export class Newsroom {
  private minute = 0;
  readonly instants: string[] = [];

  constructor(private readonly store: SqliteEventStore) {}

  /** The instant the next command will be decided at. */
  nextInstant(): Date {
    return new Date(Date.UTC(2026, 2, 8, 9, this.minute));
  }

  async execute(command: ArticleCommand): Promise<{ events: ArticleEvent[]; result: AppendResult; newIds: string[] }> {
    const streamId = articleStreamId(command.data.articleId);
    const history = await this.store.readStream(streamId).catch((error: unknown) => {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    });
    const state = foldArticle(history.map(({ type, data, metadata }) => ({ type, data, metadata }) as ArticleEvent));
    const newIds: string[] = [];
    const now = this.nextInstant();
    this.minute += 1;
    this.instants.push(now.toISOString());
    const events = decide(command, state, {
      now: () => now,
      newId: () => {
        const id = randomUUID();
        newIds.push(id);
        return id;
      },
    });
    const result = await this.store.appendToStream(
      streamId,
      events.map((event) => ({ id: randomUUID(), ...event, metadata: { ...event.metadata } })),
      history.length === 0 ? 'no_stream' : BigInt(history.length - 1),
    );
    return { events, result, newIds };
  }

  async domainState(articleId: string) {
    const history = await this.store.readStream(articleStreamId(articleId));
    return foldArticle(history.map(({ type, data, metadata }) => ({ type, data, metadata }) as ArticleEvent));
  }
}

/** Appends generated articles, many at a time so the store groups them into few commits. */
export async function appendGenerated(store: SqliteEventStore, articles: GeneratedArticle[], concurrency = 200): Promise<Position | null> {
  let last: Position | null = null;
  for (let index = 0; index < articles.length; index += concurrency) {
    const results = await Promise.all(
      articles.slice(index, index + concurrency).map((article) => store.appendToStream(article.streamId, article.events, 'no_stream')),
    );
    for (const result of results) if (!last || result.position.commit > last.commit) last = result.position;
  }
  return last;
}

/** Every row of every read-model table, in key order: two databases are equal iff their dumps are. */
export function dumpReadModels(db: ReadModelDatabase): Record<string, unknown[]> {
  return Object.fromEntries(
    readModelTables().map((table) => [table, db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all()]),
  );
}

export function openFreshReadModels(dir: string, name = 'read-models.sqlite'): ReadModelDatabase {
  return openReadModelDatabase(join(dir, name));
}
