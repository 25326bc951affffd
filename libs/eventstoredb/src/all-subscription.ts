import { ErrorType, START, excludeSystemEvents, isCommandError, type AllStreamResolvedEvent, type EventStoreDBClient } from '@eventstore/db-client';
import { comparePositions, serializePosition, type Position, type SubscribeToAllOptions, type Subscription } from '#event-store';
import { isSystemRecord, toPosition, toReadError, toRecordedEvent } from './mapping.js';

export interface EventStoreDbLogger {
  warn(message: string, context?: Record<string, unknown>): void;
}

export interface ResubscribeBackoff {
  /** Wait before the first resubscription after a drop; doubles on each failure in a row. */
  initialDelayMs: number;
  maxDelayMs: number;
}

type Item = { kind: 'event'; resolved: AllStreamResolvedEvent } | { kind: 'caughtUp' } | { kind: 'dropped'; error?: unknown };
type Outcome = { kind: 'stopped' } | { kind: 'failed'; error: Error } | { kind: 'dropped'; error?: unknown; progressed: boolean };

export interface SubscriptionHealth {
  /** Drops in a row with no event delivered in between. */
  consecutiveFailures: number;
  lastError?: string;
}

const FATAL_ERROR_TYPES: readonly string[] = [ErrorType.ACCESS_DENIED, ErrorType.STREAM_DELETED, ErrorType.NOT_FOUND, ErrorType.INVALID_ARGUMENT];
/** gRPC status codes no retry can fix: INVALID_ARGUMENT, FAILED_PRECONDITION, PERMISSION_DENIED, UNIMPLEMENTED, UNAUTHENTICATED. */
const FATAL_STATUS_CODES: readonly number[] = [3, 9, 7, 12, 16];

function isFatal(error: unknown): boolean {
  if (error instanceof Error && isCommandError(error) && FATAL_ERROR_TYPES.includes(error.type)) return true;
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return typeof code === 'number' && FATAL_STATUS_CODES.includes(code);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * A catch-up subscription to $all that outlives dropped connections: the client never
 * resubscribes by itself, so after a drop this resubscribes, with backoff, strictly after the
 * last event its handler finished. Events are handed over one at a time, the gRPC stream paused
 * while a handler runs, so each is delivered exactly once and in order.
 */
export class AllSubscription implements Subscription {
  private lastDelivered: Position | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;
  private readonly running: Promise<void>;
  private consecutiveFailures = 0;
  private lastError: string | undefined;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: SubscribeToAllOptions,
    private readonly backoff: ResubscribeBackoff,
    private readonly logger: EventStoreDbLogger,
  ) {
    this.lastDelivered = options.after;
    this.running = this.run();
  }

  /** Settles when the subscription has ended, stopped or failed. */
  get finished(): Promise<void> {
    return this.running;
  }

  health(): SubscriptionHealth {
    return { consecutiveFailures: this.consecutiveFailures, ...(this.lastError ? { lastError: this.lastError } : {}) };
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
  }

  private async run(): Promise<void> {
    let delay = this.backoff.initialDelayMs;
    while (!this.stopping) {
      const outcome = await this.followOnce().catch((error: unknown): Outcome => ({ kind: 'failed', error: asError(error) }));
      if (outcome.kind === 'stopped' || this.stopping) return;
      if (outcome.kind === 'failed') {
        this.options.onError?.(outcome.error);
        return;
      }
      // Only delivered events count as progress: a node that confirms and then fails the same way
      // every time must not be retried at the initial delay forever.
      if (outcome.progressed) {
        delay = this.backoff.initialDelayMs;
        this.consecutiveFailures = 0;
      }
      this.consecutiveFailures += 1;
      const error = outcome.error === undefined ? new Error('the server ended the subscription') : asError(outcome.error);
      this.lastError = error.message;
      this.logger.warn('EventStoreDB subscription to $all dropped; resubscribing', {
        after: this.lastDelivered ? serializePosition(this.lastDelivered) : 'start',
        delayMs: delay,
        consecutiveFailures: this.consecutiveFailures,
        error: error.message,
      });
      this.options.onRetry?.({ error, consecutiveFailures: this.consecutiveFailures, delayMs: delay });
      await this.sleep(delay);
      delay = Math.min(delay * 2, this.backoff.maxDelayMs);
    }
  }

  /** Follows one server-side subscription until it drops, fails or is stopped. */
  private async followOnce(): Promise<Outcome> {
    const subscription = this.client.subscribeToAll({
      fromPosition: this.lastDelivered ?? START,
      // Narrows what the server sends; $settings-like records with plain event types are dropped below.
      filter: excludeSystemEvents(),
    });
    const items: Item[] = [];
    let received = 0;
    /** Received-counts after which a caught-up was signalled: the client emits it ahead of events still buffered. */
    const caughtUpAfter: number[] = [];
    let ended = false;
    let progressed = false;

    const push = (item: Item): void => {
      items.push(item);
      this.wake?.();
    };
    subscription.on('data', (resolved: AllStreamResolvedEvent) => {
      if (ended) return;
      received += 1;
      subscription.pause();
      push({ kind: 'event', resolved });
      while (caughtUpAfter.length > 0 && caughtUpAfter[0] <= received) {
        caughtUpAfter.shift();
        push({ kind: 'caughtUp' });
      }
    });
    subscription.on('caughtUp', () => {
      if (ended) return;
      if (subscription.readableLength === 0) push({ kind: 'caughtUp' });
      else caughtUpAfter.push(received + subscription.readableLength);
    });
    subscription.on('error', (error: unknown) => {
      if (ended) return;
      ended = true;
      push({ kind: 'dropped', error });
    });
    subscription.on('end', () => {
      if (ended) return;
      ended = true;
      push({ kind: 'dropped' });
    });

    try {
      for (;;) {
        if (this.stopping) return { kind: 'stopped' };
        const item = items.shift();
        if (!item) {
          subscription.resume();
          await new Promise<void>((resolve) => {
            this.wake = resolve;
          });
          this.wake = undefined;
          continue;
        }
        if (item.kind === 'dropped') {
          // Refused before anything was delivered: the start position itself is what the node rejects.
          if (isFatal(item.error)) return { kind: 'failed', error: asError(progressed ? item.error : toReadError(item.error, this.lastDelivered)) };
          return { kind: 'dropped', error: item.error, progressed };
        }
        try {
          if (item.kind === 'caughtUp') {
            // Live again: healthy, though the backoff only resets once an event gets through.
            this.consecutiveFailures = 0;
            this.options.onCaughtUp?.();
          } else if (await this.deliver(item.resolved)) {
            progressed = true;
            this.consecutiveFailures = 0;
          }
        } catch (error) {
          return { kind: 'failed', error: asError(error) };
        }
      }
    } finally {
      ended = true;
      await subscription.unsubscribe().catch(() => undefined);
      subscription.removeAllListeners();
      // A late error from the abandoned call must not become an unhandled 'error' event.
      subscription.on('error', () => undefined);
    }
  }

  private async deliver({ event }: AllStreamResolvedEvent): Promise<boolean> {
    if (!event || isSystemRecord(event)) return false;
    // The server starts strictly after the position asked for; this guards the promise of no duplicates.
    if (this.lastDelivered && comparePositions(event.position, this.lastDelivered) <= 0) return false;
    await this.options.onEvent(toRecordedEvent(event));
    this.lastDelivered = toPosition(event.position);
    return true;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
