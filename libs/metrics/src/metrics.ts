import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface MetricsOptions {
  /** Process metrics (CPU, memory, event-loop lag, handles) as well; default true. */
  defaultMetrics?: boolean;
}

export interface RequestObservation {
  method: string;
  /** The route template (`/articles/:id`), never the raw path: one series per route, not per article. */
  route: string;
  status: number;
  durationSeconds: number;
}

/** The series the contract lists for `GET /metrics`, on a registry of their own. */
export class NewsroomMetrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'newsroom_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpRequestDuration = new Histogram({
    name: 'newsroom_http_request_duration_seconds',
    help: 'Time from receiving an HTTP request to sending its response, by method, route template and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly commands = new Counter({
    name: 'newsroom_commands_total',
    help: 'Commands handled, by command and outcome: `ok`, or the stable error code (not_ready, claim_linked…).',
    labelNames: ['command', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly eventStoreAppendDuration = new Histogram({
    name: 'newsroom_event_store_append_duration_seconds',
    help: 'Time to append events to a stream durably, by event store (sqlite, eventstoredb) and result (ok, conflict, error).',
    labelNames: ['store', 'result'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly projectionPosition = new Gauge({
    name: 'newsroom_projection_position',
    help: 'Log position of the last event a projection has applied (its checkpoint).',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  readonly projectionLag = new Gauge({
    name: 'newsroom_projection_lag_events',
    help: 'How far a projection is behind the end of the event log, in log positions (0: caught up).',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  readonly openEventStreams = new Gauge({
    name: 'newsroom_open_event_streams',
    help: 'Clients following GET /events right now.',
    registers: [this.registry],
  });

  constructor(options: MetricsOptions = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'newsroom_' });
  }

  recordRequest({ method, route, status, durationSeconds }: RequestObservation): void {
    const labels = { method: method.toUpperCase(), route, status: String(status) };
    this.httpRequests.inc(labels);
    this.httpRequestDuration.observe(labels, durationSeconds);
  }

  recordCommand(command: string, outcome: string): void {
    this.commands.inc({ command, outcome });
  }

  /** Starts timing one append; call what it returns once the append settles. */
  startAppend(store: string): (result?: 'ok' | 'conflict' | 'error') => void {
    const end = this.eventStoreAppendDuration.startTimer({ store });
    return (result = 'ok') => {
      end({ result });
    };
  }

  /** A projection's checkpoint and how far the log's end is ahead of it. */
  recordProjection(projection: string, position: number | bigint, logEnd: number | bigint): void {
    const applied = Number(position);
    this.projectionPosition.set({ projection }, applied);
    this.projectionLag.set({ projection }, Math.max(0, Number(logEnd) - applied));
  }

  eventStreamOpened(): void {
    this.openEventStreams.inc();
  }

  eventStreamClosed(): void {
    this.openEventStreams.dec();
  }

  /** The Prometheus text exposition of every series. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

export const createMetrics = (options: MetricsOptions = {}): NewsroomMetrics => new NewsroomMetrics(options);
