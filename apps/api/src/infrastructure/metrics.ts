import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { WrongExpectedRevisionError, type EventStore } from '#event-store';
import { startMetricsServer, type MetricsServer, type NewsroomMetrics } from '#metrics';
import { PROJECTIONS } from '#read-models';
import type { AppConfig } from '../config.js';
import { LiveEvents } from '../events/live-events.service.js';
import type { ReadModels } from './read-models.provider.js';
import { APP_CONFIG, METRICS, READ_MODELS } from './tokens.js';

/**
 * The event store with every append timed. Everything else reaches the adapter itself, including
 * what an adapter offers beyond the port (EventStoreDB's health, waitUntilWritable).
 */
export function timedAppends<Store extends EventStore>(store: Store, metrics: NewsroomMetrics, storeName: string): Store {
  const appendToStream: EventStore['appendToStream'] = async (streamId, events, expectedRevision) => {
    const end = metrics.startAppend(storeName);
    try {
      const result = await store.appendToStream(streamId, events, expectedRevision);
      end('ok');
      return result;
    } catch (error) {
      end(error instanceof WrongExpectedRevisionError ? 'conflict' : 'error');
      throw error;
    }
  };
  return new Proxy(store, {
    get(target, property) {
      if (property === 'appendToStream') return appendToStream;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** prom-client calls a gauge's `collect` before each scrape; its typings only accept one at construction, in #metrics. */
function onScrape(gauge: object, collect: () => Promise<void> | void): void {
  (gauge as { collect?: () => Promise<void> | void }).collect = collect;
}

/**
 * Serves /metrics on METRICS_PORT (nothing when unset). Gauges that describe a state (the
 * projections' position and lag, open event streams) are read when scraped, never pushed.
 */
@Injectable()
export class MetricsEndpoint implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: MetricsServer | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(METRICS) private readonly metrics: NewsroomMetrics,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(LiveEvents) private readonly live: LiveEvents,
  ) {}

  /** The port /metrics is served on, undefined when off. */
  get port(): number | undefined {
    return this.server?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.metricsPort === undefined) return;
    const { metrics, readModels, live } = this;
    onScrape(metrics.projectionPosition, async () => {
      const health = await readModels.health();
      const applied = Number(readModels.appliedPosition()?.commit ?? 0n);
      for (const projection of PROJECTIONS) metrics.recordProjection(projection.name, applied, applied + health.lag);
    });
    onScrape(metrics.openEventStreams, () => {
      metrics.openEventStreams.set(live.openStreams());
    });
    this.server = await startMetricsServer(metrics, { port: this.config.metricsPort });
    new Logger('Metrics').log('Prometheus metrics served', { port: this.server.port, path: '/metrics' });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
    this.server = undefined;
  }
}
