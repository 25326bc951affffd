import type { Channel } from '@grpc/grpc-js';
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  START,
  STREAM_EXISTS,
  type AllStreamRecordedEvent,
  type ExpectedRevision as ClientExpectedRevision,
  type ReadStreamOptions as ClientReadStreamOptions,
} from '@eventstore/db-client';
import {
  comparePositions,
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
import { isSystemRecord, toClientRevision, toEventData, toPosition, toRecordedEvent, toStoreError } from './mapping.js';

export interface EventStoreDbOptions {
  logger?: EventStoreDbLogger;
  resubscribe?: Partial<ResubscribeBackoff>;
}

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
  private closed = false;

  constructor(
    private readonly client: EventStoreDBClient,
    options: EventStoreDbOptions = {},
    /** False for gossip-discovered clusters, where asking the client for its channel may start a discovery. */
    private readonly closeChannel = true,
  ) {
    this.logger = options.logger ?? silentLogger;
    this.backoff = { initialDelayMs: options.resubscribe?.initialDelayMs ?? 100, maxDelayMs: options.resubscribe?.maxDelayMs ?? 5_000 };
  }

  async appendToStream(streamId: string, events: EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    if (events.length === 0) throw new RangeError('appendToStream needs at least one event');
    try {
      const result = await this.client.appendToStream(streamId, events.map(toEventData), { expectedRevision: toClientRevision(expectedRevision) });
      if (!result.position) throw new Error(`EventStoreDB acknowledged the append to ${streamId} without a position`);
      return { nextExpectedRevision: result.nextExpectedRevision, position: toPosition(result.position) };
    } catch (error) {
      throw toStoreError(error, streamId, expectedRevision);
    }
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
      const resolved = await drain(this.client.readAll({ fromPosition: after ?? START, maxCount: count }));
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
    try {
      // stream_exists rather than any, so that a stream without events is refused instead of tombstoned.
      const expected = expectedRevision === 'any' ? STREAM_EXISTS : toClientRevision(expectedRevision);
      // The client sends stream_exists on a tombstone (the server accepts it) though its option type leaves it out.
      await this.client.tombstoneStream(streamId, { expectedRevision: expected as ClientExpectedRevision });
    } catch (error) {
      const mapped = toStoreError(error, streamId, expectedRevision);
      if (mapped instanceof WrongExpectedRevisionError && mapped.actual === 'no_stream' && expectedRevision === 'any') throw new StreamNotFoundError(streamId);
      throw mapped;
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

/** Connects lazily: nothing goes over the wire until the first call. */
export function createEventStoreDbEventStore(connectionString: string, options: EventStoreDbOptions = {}): EventStoreDbEventStore {
  const discovered = /^esdb\+discover:/i.test(connectionString.trim());
  return new EventStoreDbEventStore(EventStoreDBClient.connectionString(connectionString), options, !discovered);
}
