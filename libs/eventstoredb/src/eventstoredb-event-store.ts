import type { Channel } from '@grpc/grpc-js';
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  START,
  type AllStreamRecordedEvent,
  type ExpectedRevision as ClientExpectedRevision,
  type ReadStreamOptions as ClientReadStreamOptions,
} from '@eventstore/db-client';
import {
  AppendOutcomeUnknownError,
  comparePositions,
  serializeAppend,
  StreamNotFoundError,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type Position,
  type ReadAllOptions,
  type ReadAllPage,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeToAllOptions,
  type Subscription,
} from '#event-store';
import { AllSubscription, type EventStoreDbLogger, type ResubscribeBackoff } from './all-subscription.js';
import { isSystemRecord, leavesOutcomeUnknown, toClientRevision, toEventData, toPosition, toReadError, toRecordedEvent, toStoreError } from './mapping.js';

export interface AppendRecovery {
  /** Rounds of re-read then re-send after an append whose outcome is unknown. Default 3. */
  attempts: number;
  /** Wait before the first round; doubles each round. Default 100 ms. */
  initialDelayMs: number;
}

export interface EventStoreDbOptions {
  logger?: EventStoreDbLogger;
  resubscribe?: Partial<ResubscribeBackoff>;
  /** Deadline of each append attempt, sent to the node (BatchAppend: as an absolute time by this machine's clock). Default 5,000 ms. */
  appendDeadlineMs?: number;
  /**
   * How long past its deadline an attempt may stay unanswered before the adapter treats its
   * outcome as unknown: the client puts no deadline of its own on BatchAppend, and a reply that
   * never comes would leave the append pending forever. Default 2,000 ms.
   */
  appendReplyGraceMs?: number;
  appendRecovery?: Partial<AppendRecovery>;
}

/** What the adapter knows of its own health: subscriptions that keep failing without delivering. */
export interface EventStoreDbHealth {
  ok: boolean;
  /** Subscriptions that failed this many times in a row or more make the store unhealthy. */
  failingSubscriptions: number;
  lastError?: string;
}

/** Subscriptions failing this many times in a row, with nothing delivered in between, make health() not ok. */
const UNHEALTHY_AFTER_FAILURES = 3;
/** Events a re-read looks back through for an append sent with `any` or `stream_exists`. */
const RECOVERY_SCAN = 1000;

const DEFAULT_PAGE_SIZE = 1000;
/** Extra records asked for on each $all read, as system records in between are skipped. */
const SYSTEM_RECORD_SLACK = 32;
const HEAD_SCAN_PAGE = 64;
const silentLogger: EventStoreDbLogger = { warn: () => undefined };

/** The EventStore port over EventStoreDB (gRPC, @eventstore/db-client 6.2.1). */
export class EventStoreDbEventStore implements EventStore {
  private readonly subscriptions = new Set<AllSubscription>();
  private readonly backoff: ResubscribeBackoff;
  private readonly logger: EventStoreDbLogger;
  private readonly appendDeadlineMs: number;
  private readonly appendReplyGraceMs: number;
  private readonly recovery: AppendRecovery;
  private closed = false;

  constructor(
    private readonly client: EventStoreDBClient,
    options: EventStoreDbOptions = {},
    /** False for gossip-discovered clusters, where asking the client for its channel may start a discovery. */
    private readonly closeChannel = true,
  ) {
    this.logger = options.logger ?? silentLogger;
    this.backoff = { initialDelayMs: options.resubscribe?.initialDelayMs ?? 100, maxDelayMs: options.resubscribe?.maxDelayMs ?? 5_000 };
    this.appendDeadlineMs = options.appendDeadlineMs ?? 5_000;
    this.appendReplyGraceMs = options.appendReplyGraceMs ?? 2_000;
    this.recovery = { attempts: options.appendRecovery?.attempts ?? 3, initialDelayMs: options.appendRecovery?.initialDelayMs ?? 100 };
  }

  /**
   * When the node times out, becomes unavailable or drops the call, the append may or may not
   * have been written. The adapter then learns what it can, in rounds: it re-reads the stream
   * for the event ids, and when they are not there re-sends the same events with the same
   * expected revision, which the node writes once at most (an exact revision or no_stream checks
   * the ids already at that place; any/stream_exists its recent-commit cache). Only when no round
   * settles it: AppendOutcomeUnknownError.
   */
  async appendToStream(streamId: string, events: EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    // The client serialises inside a promise it cannot reject: refuse what it would choke on first.
    serializeAppend(streamId, events);
    try {
      return await this.sendAppend(streamId, events, expectedRevision);
    } catch (error) {
      if (!leavesOutcomeUnknown(error)) throw toStoreError(error, streamId, expectedRevision);
      return this.recoverAppend(streamId, events, expectedRevision, error);
    }
  }

  /** The health of what runs in the background: subscriptions that keep failing make it not ok. */
  health(): EventStoreDbHealth {
    const failing = [...this.subscriptions].map((subscription) => subscription.health()).filter((health) => health.consecutiveFailures >= UNHEALTHY_AFTER_FAILURES);
    const lastError = failing.find((health) => health.lastError)?.lastError;
    return { ok: failing.length === 0, failingSubscriptions: failing.length, ...(lastError ? { lastError } : {}) };
  }

  private async sendAppend(streamId: string, events: EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    const sent = this.client.appendToStream(streamId, events.map(toEventData), {
      expectedRevision: toClientRevision(expectedRevision),
      deadline: this.appendDeadlineMs,
    });
    let timer: NodeJS.Timeout | undefined;
    const unanswered = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(Object.assign(new Error(`EventStoreDB did not answer the append to ${streamId} within its deadline`), { code: 4 })),
        this.appendDeadlineMs + this.appendReplyGraceMs,
      );
    });
    // A reply after we stopped waiting, or a rejection then, must not surface as unhandled.
    sent.catch(() => undefined);
    const result = await Promise.race([sent, unanswered]).finally(() => clearTimeout(timer));
    if (!result.position) throw new Error(`EventStoreDB acknowledged the append to ${streamId} without a position`);
    return { nextExpectedRevision: result.nextExpectedRevision, position: toPosition(result.position) };
  }

  private async recoverAppend(streamId: string, events: EventToAppend[], expectedRevision: ExpectedRevision, cause: unknown): Promise<AppendResult> {
    let lastError = cause;
    for (let round = 0; round < this.recovery.attempts; round += 1) {
      await delay(this.recovery.initialDelayMs * 2 ** round);
      if (this.closed) break;
      try {
        const landed = await this.findAppended(streamId, events, expectedRevision);
        if (landed) return landed;
        return await this.sendAppend(streamId, events, expectedRevision);
      } catch (error) {
        if (!leavesOutcomeUnknown(error)) throw toStoreError(error, streamId, expectedRevision);
        lastError = error;
      }
      this.logger.warn('EventStoreDB append outcome unknown; checking again', { streamId, round: round + 1, error: lastError instanceof Error ? lastError.message : String(lastError) });
    }
    throw new AppendOutcomeUnknownError(
      streamId,
      events.map((event) => event.id),
      lastError,
    );
  }

  /** The result of this very append if the stream holds its events, by id, where it could have landed. */
  private async findAppended(streamId: string, events: EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult | undefined> {
    const ids = events.map((event) => event.id);
    let candidates: RecordedEvent[];
    try {
      if (typeof expectedRevision === 'bigint' || expectedRevision === 'no_stream') {
        const fromRevision = expectedRevision === 'no_stream' ? 0n : expectedRevision + 1n;
        candidates = await this.readEventsRaw(streamId, { fromRevision, maxCount: ids.length });
      } else {
        candidates = (await this.readEventsRaw(streamId, { fromRevision: END, direction: BACKWARDS, maxCount: RECOVERY_SCAN + ids.length })).reverse();
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
    const start = candidates.findIndex((event) => event.id === ids[0]);
    if (start === -1) return undefined;
    const landed = candidates.slice(start, start + ids.length);
    if (landed.length !== ids.length || landed.some((event, index) => event.id !== ids[index])) return undefined;
    const last = landed[landed.length - 1];
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.readEvents(streamId, { fromRevision: options.fromRevision ?? START, maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER });
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllPage> {
    this.assertOpen();
    const maxCount = options.maxCount ?? DEFAULT_PAGE_SIZE;
    // One more than asked for tells whether this page is the last.
    const wanted = maxCount + 1;
    const events: RecordedEvent[] = [];
    let after = options.after;
    for (;;) {
      // 6.2.1 cannot filter a plain read, and reading forwards from P includes P: skip both here.
      const count = wanted - events.length + SYSTEM_RECORD_SLACK + (after ? 1 : 0);
      const from = after;
      const resolved = await drain(this.client.readAll({ fromPosition: from ?? START, maxCount: count })).catch((error: unknown) => {
        throw toReadError(error, from);
      });
      let last: Position | undefined;
      for (const { event } of resolved) {
        if (!event) continue;
        last = event.position;
        if (after && comparePositions(event.position, after) <= 0) continue;
        if (!isSystemRecord(event) && events.length < wanted) events.push(toRecordedEvent(event));
      }
      if (events.length >= wanted || resolved.length < count || !last) break;
      after = last;
    }
    const isEnd = events.length <= maxCount;
    return { events: events.slice(0, maxCount), isEnd };
  }

  subscribeToAll(options: SubscribeToAllOptions): Subscription {
    this.assertOpen();
    const subscription = new AllSubscription(this.client, options, this.backoff, this.logger);
    subscription.finished.then(() => this.subscriptions.delete(subscription), () => undefined);
    this.subscriptions.add(subscription);
    return {
      stop: async () => {
        this.subscriptions.delete(subscription);
        await subscription.stop();
      },
    };
  }

  async headPosition(): Promise<Position | null> {
    this.assertOpen();
    let before: Position | typeof END = END;
    for (;;) {
      // Reading backwards from P excludes P.
      const page: AllStreamRecordedEvent[] = (await drain(this.client.readAll({ fromPosition: before, direction: BACKWARDS, maxCount: HEAD_SCAN_PAGE }))).flatMap(({ event }) => (event ? [event] : []));
      const last = page.find((event) => !isSystemRecord(event));
      if (last) return toPosition(last.position);
      if (page.length < HEAD_SCAN_PAGE) return null;
      before = page[page.length - 1].position;
    }
  }

  async deleteStream(streamId: string, expectedRevision: ExpectedRevision): Promise<void> {
    this.assertOpen();
    // A tombstone needs no stream to exist: only a no_stream "delete" is answered without writing.
    if (expectedRevision === 'no_stream') return this.refuseNoStreamDelete(streamId);
    // The node tombstones even a stream that never existed: the port refuses one without events.
    if (expectedRevision === 'any') await this.readEvents(streamId, { fromRevision: END, direction: BACKWARDS, maxCount: 1 });
    try {
      // The client sends stream_exists on a tombstone (the server accepts it) though its option type leaves it out.
      await this.client.tombstoneStream(streamId, { expectedRevision: toClientRevision(expectedRevision) as ClientExpectedRevision });
    } catch (error) {
      throw toStoreError(error, streamId, expectedRevision);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    this.subscriptions.clear();
    await this.client.dispose();
    if (!this.closeChannel) return;
    // 6.2.1 has no public way to close its channel; dispose() only cancels the open calls.
    const channel = await (this.client as unknown as { getChannel(): Promise<Channel> }).getChannel();
    channel.close();
  }

  /** As the other adapters do: a stream without events cannot be deleted, an existing one does not match no_stream. */
  private async refuseNoStreamDelete(streamId: string): Promise<void> {
    const [last] = await this.readEvents(streamId, { fromRevision: END, direction: BACKWARDS, maxCount: 1 });
    if (!last) throw new StreamNotFoundError(streamId);
    throw new WrongExpectedRevisionError(streamId, 'no_stream', last.revision);
  }

  /** The client's errors become the port's (StreamNotFoundError, StreamDeletedError). */
  private async readEvents(streamId: string, options: ClientReadStreamOptions): Promise<RecordedEvent[]> {
    return this.readEventsRaw(streamId, options);
  }

  /** Port errors for not found and deleted; any other client error as it came, so that callers can tell unknown outcomes. */
  private async readEventsRaw(streamId: string, options: ClientReadStreamOptions): Promise<RecordedEvent[]> {
    const resolved = await drain(this.client.readStream(streamId, options)).catch((error: unknown) => {
      throw toStoreError(error, streamId);
    });
    return resolved.flatMap(({ event }) => (event ? [toRecordedEvent(event)] : []));
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The event store is closed');
  }
}

/**
 * Reads a client stream to its end. Leaving one early leaves its gRPC call unread, and the
 * client's dispose() then waits for it forever.
 */
async function drain<T>(read: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of read) items.push(item);
  return items;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * One host without `+discover` is the only case where the client's channel is a plain
 * connection: with several hosts (gossip seeds) or `+discover`, asking for the channel may start
 * a discovery, so close() leaves it to dispose().
 */
export function isSingleHostConnectionString(connectionString: string): boolean {
  const match = /^esdb(\+discover)?:\/\/(?:[^@/?]*@)?([^/?]*)/i.exec(connectionString.trim());
  if (!match || match[1]) return false;
  return match[2].split(',').filter((host) => host.trim() !== '').length === 1;
}

/** Connects lazily: nothing goes over the wire until the first call. */
export function createEventStoreDbEventStore(connectionString: string, options: EventStoreDbOptions = {}): EventStoreDbEventStore {
  return new EventStoreDbEventStore(EventStoreDBClient.connectionString(connectionString), options, isSingleHostConnectionString(connectionString));
}
