import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { comparePositions, type EventStore, type Position, type RecordedEvent } from '#event-store';
import type { ApiRequest, ApiResponse } from '../http/api-request.js';
import type { ReadModels } from '../infrastructure/read-models.provider.js';
import { EVENT_STORE, READ_MODELS } from '../infrastructure/tokens.js';
import { LiveClient, type CloseReason, type LiveClientLimits } from './live-client.js';
import { formatSse, liveMessageOf } from './live-message.js';

const REPLAY_PAGE = 500;
/** What a browser's EventSource waits before reconnecting, sent once at the start of each stream. */
const RETRY_MS = 2000;

export const DEFAULT_LIVE_LIMITS: LiveClientLimits = {
  maxBufferedBytes: 1024 * 1024,
  maxHeldEvents: 10_000,
  heartbeatMs: 10_000,
};

/**
 * GET /events: fans out the events the projection runner has just applied to every open stream,
 * and replays the log from the event store for a client that resumes with Last-Event-ID.
 */
@Injectable()
export class LiveEvents implements OnModuleInit, BeforeApplicationShutdown {
  /** Read at each connection; tests shorten them. */
  readonly limits: LiveClientLimits = { ...DEFAULT_LIVE_LIMITS };
  private readonly clients = new Set<LiveClient>();
  private readonly logger = new Logger('LiveEvents');
  private unsubscribe: (() => void) | null = null;
  private shuttingDown = false;

  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.readModels.onApplied((events) => this.broadcast(events));
  }

  /** The streams open now (for /metrics). */
  openStreams(): number {
    return this.clients.size;
  }

  /** Serves one stream until the client leaves, falls too far behind, or the service shuts down. */
  async open(req: ApiRequest, res: ApiResponse, after: Position | null, expiresAt: number | null = null): Promise<void> {
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store, no-transform');
    res.setHeader('X-Accel-Buffering', 'no');
    if (req.method === 'HEAD' || this.shuttingDown) {
      res.end();
      return;
    }
    req.socket.setNoDelay(true);
    res.flushHeaders();
    const client = new LiveClient(res, this.limits, (closed, reason) => this.forget(closed, reason));
    this.clients.add(client);
    client.write(`retry: ${RETRY_MS}\n\n`);
    if (expiresAt !== null) client.endAt(expiresAt);
    if (after) await this.replay(client, after);
  }

  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const client of [...this.clients]) client.close('shutdown');
  }

  /**
   * Live events are held from before the replay looks at the read models' position, and the
   * replay stops at that position: every event is sent once, in order, and only once the read
   * models reflect it.
   */
  private async replay(client: LiveClient, after: Position): Promise<void> {
    client.holdLive();
    const applied = this.readModels.appliedPosition();
    let cursor = after;
    try {
      while (applied && comparePositions(cursor, applied) < 0 && !client.isClosed) {
        const page = await this.store.readAll({ after: cursor, maxCount: REPLAY_PAGE });
        const events = page.events.filter((event) => comparePositions(event.position, applied) <= 0);
        for (const event of events) {
          const message = liveMessageOf(event);
          if (message) client.replay(formatSse(message));
          cursor = event.position;
        }
        if (page.isEnd || events.length < page.events.length || page.events.length === 0) break;
        await client.drained();
      }
    } catch (error) {
      this.logger.error('Replaying the log for Last-Event-ID failed; the stream is closed', { message: (error as Error).message });
      client.close('failed');
      return;
    }
    client.resume(cursor);
  }

  private broadcast(events: readonly RecordedEvent[]): void {
    if (this.clients.size === 0) return;
    for (const event of events) {
      const message = liveMessageOf(event);
      if (!message) continue;
      const chunk = formatSse(message);
      for (const client of this.clients) client.deliver(event.position, chunk);
    }
  }

  private forget(client: LiveClient, reason: CloseReason): void {
    this.clients.delete(client);
    if (reason === 'too_far_behind') {
      this.logger.warn('An event stream fell too far behind and was closed; its client resumes with Last-Event-ID', { openStreams: this.clients.size });
    }
  }
}
