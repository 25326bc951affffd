import {
  comparePositions,
  ForeignPositionError,
  parsePosition,
  serializePosition,
  type EventStore,
  type Position,
  type RecordedEvent,
  type Subscription,
} from '#event-store';
import { isBusyError, staleReason, type ReadModelDatabase } from './database.js';
import type { AnyProjection } from './projection.js';
import { ProjectionFailedError, ReadModelWriter } from './read-model-writer.js';

export interface ProjectionLogger {
  log(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

export interface ProjectionRunnerOptions {
  /** The read models to keep up to date; default PROJECTIONS. */
  projections?: readonly AnyProjection[];
  /**
   * Names the event store (`sqlite`, `eventstoredb`): read models built from another one are
   * stale, never projected on top of (see rebuildIfStale).
   */
  source?: string;
  /** Most events applied in one transaction. */
  batchSize?: number;
  /** Pause before retrying a write the database refused as busy (a rebuild swapping tables). */
  busyRetryMs?: number;
  /** Pause before subscribing again after the store dropped the subscription. */
  resubscribeMs?: number;
  /**
   * Counts the events between the checkpoint and the head. The default suits stores whose
   * commit positions are gap-free sequence numbers (the embedded SQLite store); others can
   * count by reading.
   */
  countLag?: (from: Position | null, head: Position) => number | Promise<number>;
  logger?: ProjectionLogger;
}

/** Subscription drops in a row, with no event delivered in between, after which health is not ok. */
export const UNHEALTHY_AFTER_DROPS = 3;

export type ProjectionRunnerState = 'starting' | 'catching_up' | 'live' | 'failed' | 'stopped';

export interface ProjectionHealth {
  ok: boolean;
  state: ProjectionRunnerState;
  /** Serialized position of the last applied event, null before the first. */
  position: string | null;
  /** Events in the store not applied yet. */
  lag: number;
  error?: { message: string; eventId?: string; streamId?: string; type?: string; position?: string };
}

export class ProjectionTimeoutError extends Error {
  override readonly name = 'ProjectionTimeoutError';
  constructor(position: Position, timeoutMs: number) {
    super(`Read models did not reach ${serializePosition(position)} within ${timeoutMs} ms`);
  }
}

/** Receives the events of each committed batch, in log order. */
export type AppliedListener = (events: readonly RecordedEvent[]) => void;

export class ProjectionStoppedError extends Error {
  override readonly name = 'ProjectionStoppedError';
}

interface Waiter {
  position: Position;
  resolve(): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Keeps the read models up to date from the store's catch-up subscription. Each batch of
 * events is one SQLite transaction that also moves the checkpoint, so every event is
 * applied exactly once, across crashes and concurrent rebuilds alike (the checkpoint is read
 * inside the transaction, never trusted from memory).
 */
export class ProjectionRunner {
  private writer: ReadModelWriter | null = null;
  private readonly batchSize: number;
  private readonly busyRetryMs: number;
  private readonly resubscribeMs: number;
  private subscription: Subscription | null = null;
  private buffer: RecordedEvent[] = [];
  private flushScheduled = false;
  private flushing: Promise<void> | null = null;
  private waiters: Waiter[] = [];
  private applied: Position | null = null;
  private state: ProjectionRunnerState = 'starting';
  private failure: ProjectionHealth['error'] | undefined;
  private failureError: Error | null = null;
  private resubscribeTimer: NodeJS.Timeout | null = null;
  private listeners: AppliedListener[] = [];
  /** The last event handed to the onApplied listeners. */
  private notified: Position | null = null;
  /** Subscription drops (retried by the store, or by this runner) since an event last arrived. */
  private drops = 0;
  private lastDrop: string | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly db: ReadModelDatabase,
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.busyRetryMs = options.busyRetryMs ?? 25;
    this.resubscribeMs = options.resubscribeMs ?? 1000;
    this.applied = checkpointPosition(db);
  }

  /**
   * Calls `listener` synchronously after each committed batch with the events it applied, in
   * log order: every event past the checkpoint the runner started from, once (handled by a
   * projection or not; those a concurrent rebuild applied first included). A listener that
   * throws is logged and never stops the runner. Returns the function that unsubscribes it.
   */
  onApplied(listener: AppliedListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((candidate) => candidate !== listener);
    };
  }

  start(): void {
    if (this.subscription || this.state === 'failed') return;
    const stale = staleReason(this.db, { projections: this.options.projections, source: this.options.source });
    if (stale) {
      // Projecting on top of them would mix two shapes or two logs: rebuildIfStale() first.
      this.fail(new Error(`The read models ${stale}; run npm run projections:rebuild`));
      return;
    }
    this.writer ??= new ReadModelWriter(this.db, '', { projections: this.options.projections, source: this.options.source });
    this.applied = this.writer.checkpoint().position;
    this.notified ??= this.applied;
    this.state = 'catching_up';
    this.subscribe();
  }

  async stop(): Promise<void> {
    if (this.resubscribeTimer) clearTimeout(this.resubscribeTimer);
    const subscription = this.subscription;
    this.subscription = null;
    if (this.state !== 'failed') this.state = 'stopped';
    await subscription?.stop();
    await this.flushing;
    this.rejectWaiters(new ProjectionStoppedError('The projection runner stopped'));
  }

  /** The last applied position (in-memory view of the checkpoint). */
  position(): Position | null {
    return this.applied;
  }

  async health(): Promise<ProjectionHealth> {
    const head = await this.store.headPosition();
    if (!this.failure && this.applied && (!head || comparePositions(head, this.applied) < 0)) {
      // Read models of another (or a reset) log: serving them would show articles that do not exist.
      return {
        ok: false,
        state: this.state,
        position: serializePosition(this.applied),
        lag: 0,
        error: { message: 'The read models are ahead of the event store; run npm run projections:rebuild' },
      };
    }
    let lag = 0;
    if (head && (!this.applied || comparePositions(head, this.applied) > 0)) {
      const counting = (this.options.countLag ?? sequentialLag)(this.applied, head);
      // Stopped on a checkpoint the store cannot read from: the lag cannot be counted from it either.
      lag = this.failure ? await Promise.resolve(counting).catch(() => 0) : await counting;
    }
    // A subscription that keeps dropping without delivering anything: the store still retries, but nothing arrives.
    const failing = !this.failure && !this.halted && this.drops >= UNHEALTHY_AFTER_DROPS;
    const error = this.failure ?? (failing ? { message: `The event subscription dropped ${this.drops} times in a row (${this.lastDrop ?? 'no reason given'}); retrying` } : undefined);
    return {
      ok: !this.halted && !failing,
      state: this.state,
      position: this.applied ? serializePosition(this.applied) : null,
      lag,
      ...(error ? { error } : {}),
    };
  }

  /** Resolves once every event up to `position` is applied (read-your-writes for a command). */
  waitFor(position: Position, timeoutMs = 5000): Promise<void> {
    if (this.applied && comparePositions(this.applied, position) >= 0) return Promise.resolve();
    if (this.failureError) return Promise.reject(this.failureError);
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        position,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((candidate) => candidate !== waiter);
          reject(new ProjectionTimeoutError(position, timeoutMs));
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** Failed or stopped: no event is buffered or applied any more. */
  private get halted(): boolean {
    return this.state === 'failed' || this.state === 'stopped';
  }

  private subscribe(): void {
    this.subscription = this.store.subscribeToAll({
      ...(this.applied ? { after: this.applied } : {}),
      onEvent: (event) => this.onEvent(event),
      onCaughtUp: () => {
        this.drops = 0;
        if (this.state === 'catching_up') {
          this.state = 'live';
          this.options.logger?.log('Projections caught up with the event store; now live', {
            position: this.applied ? serializePosition(this.applied) : null,
            buffered: this.buffer.length,
          });
        }
        this.scheduleFlush();
      },
      onError: (error) => this.onSubscriptionError(error),
      onRetry: ({ error }) => this.dropped(error),
    });
  }

  private dropped(error: Error): void {
    this.drops += 1;
    this.lastDrop = error.message;
  }

  private onEvent(event: RecordedEvent): Promise<void> | void {
    if (this.halted) return;
    this.drops = 0;
    this.buffer.push(event);
    // Scheduled even when flushing now: a flush just finishing may not see this event.
    this.scheduleFlush();
    if (this.buffer.length >= this.batchSize) return this.flush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      void this.flush();
    });
  }

  /** One flush at a time; it keeps going until the buffer is empty or the runner failed. */
  private flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async drain(): Promise<void> {
    while (this.buffer.length > 0 && !this.halted) {
      const batch = this.buffer;
      this.buffer = [];
      try {
        this.commit(batch);
      } catch (error) {
        if (isBusyError(error)) {
          this.buffer = [...batch, ...this.buffer];
          await sleep(this.busyRetryMs);
        } else if (batch.length > 1) {
          // Apply the batch event by event, so the runner stops exactly at the failing one.
          this.buffer = [...batch, ...this.buffer];
          await this.drainOneByOne(batch.length);
        } else {
          this.fail(asFailureOf(batch[0], error));
        }
      }
    }
  }

  private async drainOneByOne(count: number): Promise<void> {
    for (let done = 0; done < count && !this.halted; ) {
      const event = this.buffer[0];
      try {
        this.commit([event]);
        this.buffer.shift();
        done += 1;
      } catch (error) {
        if (!isBusyError(error)) return this.fail(asFailureOf(event, error));
        await sleep(this.busyRetryMs);
      }
    }
  }

  private commit(batch: RecordedEvent[]): void {
    const { position } = this.writer!.applyInTransaction(batch);
    this.applied = position;
    this.settleWaiters();
    // Every event the subscription delivers, once, in log order: also those a rebuild swapped
    // in first (the writer skipped them, but listeners have not seen them yet).
    const notified = this.notified;
    const fresh = notified ? batch.filter((event) => comparePositions(event.position, notified) > 0) : batch;
    if (fresh.length === 0) return;
    this.notified = fresh[fresh.length - 1].position;
    this.notify(fresh);
  }

  private notify(events: readonly RecordedEvent[]): void {
    for (const listener of this.listeners) {
      try {
        listener(events);
      } catch (error) {
        this.options.logger?.error('A listener of applied events threw; the runner carries on', {
          message: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }

  private fail(error: unknown): void {
    const cause = error instanceof Error ? error : new Error(String(error));
    this.state = 'failed';
    this.failureError = cause;
    this.failure =
      cause instanceof ProjectionFailedError
        ? {
            message: cause.message,
            eventId: cause.event.id,
            streamId: cause.event.streamId,
            type: cause.event.type,
            position: serializePosition(cause.event.position),
          }
        : { message: cause.message };
    this.buffer = [];
    this.options.logger?.error('Projection runner stopped', { ...this.failure });
    const subscription = this.subscription;
    this.subscription = null;
    void subscription?.stop();
    this.rejectWaiters(cause);
  }

  private onSubscriptionError(error: Error): void {
    if (this.halted) return;
    if (error instanceof ForeignPositionError) {
      // The checkpoint is no place in this log: resubscribing would fail forever, or skip or repeat events.
      this.fail(new Error(`The read models' checkpoint is not a position of this event store (${error.message}); rebuild them: npm run projections:rebuild`));
      return;
    }
    this.dropped(error);
    this.options.logger?.error('Event subscription dropped; resubscribing', { message: error.message });
    this.subscription = null;
    this.state = 'catching_up';
    this.resubscribeTimer = setTimeout(() => {
      this.resubscribeTimer = null;
      if (this.state !== 'catching_up') return;
      void this.flush().then(() => {
        if (this.state === 'catching_up' && !this.subscription) this.subscribe();
      });
    }, this.resubscribeMs);
  }

  private settleWaiters(): void {
    const applied = this.applied;
    if (!applied) return;
    this.waiters = this.waiters.filter((waiter) => {
      if (comparePositions(applied, waiter.position) < 0) return true;
      clearTimeout(waiter.timer);
      waiter.resolve();
      return false;
    });
  }

  private rejectWaiters(error: Error): void {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
    this.waiters = [];
  }
}

/** Errors raised while writing the rows (a constraint on malformed event data) name their event too. */
function asFailureOf(event: RecordedEvent, error: unknown): unknown {
  return error instanceof ProjectionFailedError ? error : new ProjectionFailedError(event, error);
}

/** The checkpoint's position in whatever layout the tables have (read models of an older shape included). */
function checkpointPosition(db: ReadModelDatabase): Position | null {
  try {
    const position = db.prepare<[], string | null>(`SELECT position FROM projection_checkpoint WHERE id = 1`).pluck().get();
    return position ? parsePosition(position) : null;
  } catch {
    return null;
  }
}

function sequentialLag(from: Position | null, head: Position): number {
  return Number(head.commit - (from?.commit ?? 0n));
}
