import { Logger } from '@nestjs/common';
import { serializePosition, type EventStore, type Position } from '#event-store';
import type { AppConfig } from '../config.js';
import {
  FactCheckQueries,
  openReadModelDatabase,
  ProjectionRunner,
  ProjectionTimeoutError,
  readArticleAsOf,
  readArticleHistory,
  ReadModelQueries,
  readModelsPath,
  rebuildIfStale,
  type AppliedListener,
  type ArticleDetail,
  type HistoryPage,
  type HistoryQuery,
  type ReadModelDatabase,
} from '#read-models';

export interface ReadModelsHealth {
  position: string | null;
  lag: number;
  catchingUp: boolean;
  error?: string;
}

const MAX_COUNTED_LAG = 100_000;

/** EventStoreDB positions have gaps: count the unapplied events by reading them (capped). */
async function countEventsAfter(store: EventStore, from: Position | null): Promise<number> {
  let count = 0;
  let after = from ?? undefined;
  while (count < MAX_COUNTED_LAG) {
    const page = await store.readAll({ ...(after ? { after } : {}), maxCount: 1000 });
    count += page.events.length;
    if (page.isEnd || page.events.length === 0) break;
    after = page.events[page.events.length - 1].position;
  }
  return count;
}

function projectionLogger() {
  const logger = new Logger('Projections');
  return {
    log: (message: string, context?: Record<string, unknown>) => logger.log(message, context ?? {}),
    error: (message: string, context?: Record<string, unknown>) => logger.error(message, context ?? {}),
  };
}

/** The read side as the API uses it: queries, read-your-writes, health, shutdown. */
export class ReadModels {
  readonly queries: ReadModelQueries;
  readonly factChecks: FactCheckQueries;
  private readonly runner: ProjectionRunner;

  private constructor(
    private readonly db: ReadModelDatabase,
    private readonly store: EventStore,
    source: AppConfig['eventStore']['kind'],
  ) {
    this.queries = new ReadModelQueries(db);
    this.factChecks = new FactCheckQueries(db);
    this.runner = new ProjectionRunner(store, db, {
      source,
      ...(source === 'sqlite' ? {} : { countLag: (from: Position | null) => countEventsAfter(store, from) }),
      logger: projectionLogger(),
    });
  }

  /**
   * Read models of an older shape, or built from another event store, are rebuilt before the
   * service serves them (it logs why); then the runner follows the store.
   */
  static async open(dataDir: string, store: EventStore, config: Pick<AppConfig, 'eventStore'>): Promise<ReadModels> {
    const db = openReadModelDatabase(readModelsPath(dataDir));
    await rebuildIfStale(store, db, { source: config.eventStore.kind, logger: projectionLogger() });
    return ReadModels.following(db, store, config);
  }

  /** Without the check for stale read models (a runner on stale ones stops and says so): for tests on a fresh DATA_DIR. */
  static start(dataDir: string, store: EventStore, config: Pick<AppConfig, 'eventStore'>): ReadModels {
    return ReadModels.following(openReadModelDatabase(readModelsPath(dataDir)), store, config);
  }

  private static following(db: ReadModelDatabase, store: EventStore, config: Pick<AppConfig, 'eventStore'>): ReadModels {
    const readModels = new ReadModels(db, store, config.eventStore.kind);
    readModels.runner.start();
    return readModels;
  }

  /** A page of an article's history (from its stream), or null for an unknown article. */
  history(articleId: string, query: HistoryQuery): Promise<HistoryPage | null> {
    return readArticleHistory(this.store, articleId, query);
  }

  /** The article as it stood at an instant, folded from its stream; null if it did not exist yet. */
  articleAsOf(articleId: string, asOf: Date): Promise<ArticleDetail | null> {
    return readArticleAsOf(this.store, articleId, asOf);
  }

  /** See ProjectionRunner.onApplied: the events of each committed batch, in log order. */
  onApplied(listener: AppliedListener): () => void {
    return this.runner.onApplied(listener);
  }

  /** The last position the read models applied, null before the first. */
  appliedPosition(): Position | null {
    return this.runner.position();
  }

  /** Set once waiting failed for another reason than time: the runner stopped on an event it could not apply. */
  private failure: Error | undefined;

  /** Why commands must not write now (they could never be read back), or undefined. */
  unavailable(): Error | undefined {
    return this.failure;
  }

  async waitFor(position: Position, timeoutMs: number): Promise<void> {
    try {
      await this.runner.waitFor(position, timeoutMs);
    } catch (error) {
      if (!(error instanceof ProjectionTimeoutError)) this.failure ??= error as Error;
      throw error;
    }
  }

  async health(): Promise<ReadModelsHealth> {
    try {
      const health = await this.runner.health();
      return {
        position: health.position,
        lag: health.lag,
        catchingUp: health.state === 'catching_up' || health.state === 'starting',
        ...(health.ok ? {} : { error: health.error?.message ?? `projections ${health.state}` }),
      };
    } catch (error) {
      const position = this.runner.position();
      return { position: position ? serializePosition(position) : null, lag: 0, catchingUp: false, error: (error as Error).message };
    }
  }

  async close(): Promise<void> {
    await this.runner.stop();
    if (this.db.open) this.db.close();
  }
}
