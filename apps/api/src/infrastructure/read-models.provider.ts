import { Logger } from '@nestjs/common';
import { serializePosition, type EventStore, type Position, type RecordedEvent } from '#event-store';
import type { AppConfig } from '../config.js';
import { openReadModelDatabase, ProjectionRunner, ProjectionTimeoutError, ReadModelQueries, readModelsPath, type ReadModelDatabase } from '#read-models';

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

/** The read side as the API uses it: queries, read-your-writes, health, shutdown. */
export class ReadModels {
  readonly queries: ReadModelQueries;
  private readonly runner: ProjectionRunner;

  private constructor(
    private readonly db: ReadModelDatabase,
    store: EventStore,
    sequentialPositions: boolean,
  ) {
    const logger = new Logger('Projections');
    this.queries = new ReadModelQueries(db);
    this.runner = new ProjectionRunner(store, db, {
      ...(sequentialPositions ? {} : { countLag: (from: Position | null) => countEventsAfter(store, from) }),
      logger: { log: (message, context) => logger.log(message, context ?? {}), error: (message, context) => logger.error(message, context ?? {}) },
    });
  }

  static start(dataDir: string, store: EventStore, config: Pick<AppConfig, 'eventStore'>): ReadModels {
    const readModels = new ReadModels(openReadModelDatabase(readModelsPath(dataDir)), store, config.eventStore.kind === 'sqlite');
    readModels.runner.start();
    return readModels;
  }

  /** Called after each batch the projections applied, with its events in log order (the live event stream's source). */
  onApplied(listener: (events: readonly RecordedEvent[]) => void): () => void {
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
