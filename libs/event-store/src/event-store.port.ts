/**
 * The event-store port every adapter (embedded SQLite, EventStoreDB) implements and the
 * shared contract suite (#testing) verifies.
 */

/** Revisions are 0-based per stream; a stream with N events has revision N-1. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

/**
 * A position in the global log. SQLite: commit = prepare = the gap-free sequence number
 * (1, 2, 3 …). EventStoreDB: the transaction-log positions, kept as bigint without loss.
 * Positions compare by commit, then prepare.
 */
export interface Position {
  commit: bigint;
  prepare: bigint;
}

export interface EventMetadata {
  userId?: string;
  at?: string;
  correlationId?: string;
  causationId?: string;
  [key: string]: unknown;
}

export interface EventToAppend {
  /** UUID; the store keeps it and returns it. */
  id: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
}

export interface RecordedEvent {
  id: string;
  streamId: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  revision: bigint;
  position: Position;
  recordedAt: Date;
}

export interface AppendResult {
  /** Revision of the last appended event: pass it as the next expected revision. */
  nextExpectedRevision: bigint;
  /** Position of the last appended event. */
  position: Position;
}

export interface ReadStreamOptions {
  /** Inclusive; default 0. */
  fromRevision?: bigint;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Default: from the beginning. */
  after?: Position;
  /** Page size; default 1000. */
  maxCount?: number;
}

export interface ReadAllPage {
  events: RecordedEvent[];
  /** True when the page reached the end of the log as it was when read. */
  isEnd: boolean;
}

export interface SubscriptionHandlers {
  /** Awaited: the next event is delivered only after the promise settles. A throw stops the subscription and reaches onError. */
  onEvent(event: RecordedEvent): Promise<void> | void;
  /** Called each time the subscription has delivered all history and is live. */
  onCaughtUp?(): void;
  /** Called once when the subscription stops because of an error it could not recover from (e.g. ForeignPositionError). */
  onError?(error: Error): void;
  /**
   * Called each time the subscription dropped and will be retried (adapters over a network).
   * `consecutiveFailures` counts drops with no event delivered in between: a caller's health
   * check should report trouble once it keeps growing (say from 3), and recover at the next event.
   */
  onRetry?(retry: SubscriptionRetry): void;
}

export interface SubscriptionRetry {
  error: Error;
  consecutiveFailures: number;
  /** Wait before the next attempt; grows while the failures continue. */
  delayMs: number;
}

export interface SubscribeToAllOptions extends SubscriptionHandlers {
  /** Exclusive: deliver events strictly after this position. Default: from the beginning. */
  after?: Position;
}

export interface Subscription {
  /** Stops delivery; resolves once no handler call is running and none will start. */
  stop(): Promise<void>;
}

export interface EventStore {
  /**
   * Appends atomically, all or nothing. Resolves only once durable.
   *
   * Event ids must be UUIDs and should be deterministic per command attempt (derived from the
   * request's Idempotency-Key when there is one): re-sending the same events with the same
   * expected revision is then safe, since a store recognises ids it already holds and answers
   * the first outcome instead of writing twice.
   *
   * @throws WrongExpectedRevisionError (nothing written), StreamDeletedError
   * @throws InvalidAppendError, RangeError (no events): nothing sent; a `$` stream name or event type, an id that is not a UUID, data JSON cannot serialise
   * @throws AppendTooLargeError (nothing written)
   * @throws AppendOutcomeUnknownError: the adapter could not learn in time whether the events
   *   were written (node timed out, unavailable, connection lost) and they may still land. Safe to
   *   retry with the same ids and expected revision; an HTTP writer answers 503 with Retry-After
   *   (the client retries with its Idempotency-Key, and that retry answers the true outcome).
   */
  appendToStream(streamId: string, events: EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult>;
  /** @throws StreamNotFoundError when the stream has no events, StreamDeletedError when deleted */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /**
   * Reads the global log forwards in commit order; only our streams, never system records.
   * @throws ForeignPositionError when `after` is not a position of this log (read models built on another store).
   */
  readAll(options?: ReadAllOptions): Promise<ReadAllPage>;
  /** Catch-up subscription over the global log: history, then onCaughtUp, then live events, in order. */
  subscribeToAll(options: SubscribeToAllOptions): Subscription;
  /** Position of the last event in the global log, or null when it is empty. */
  headPosition(): Promise<Position | null>;
  /**
   * Deletes a stream for good (tombstone): afterwards append and read throw StreamDeletedError.
   * Global-log readers still see its events.
   * @throws WrongExpectedRevisionError, StreamNotFoundError
   */
  deleteStream(streamId: string, expectedRevision: ExpectedRevision): Promise<void>;
  close(): Promise<void>;
}
