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
  /** Called once when the subscription stops because of an error it could not recover from. */
  onError?(error: Error): void;
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
   * @throws WrongExpectedRevisionError (nothing written), StreamDeletedError
   */
  appendToStream(streamId: string, events: EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult>;
  /** @throws StreamNotFoundError when the stream has no events, StreamDeletedError when deleted */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Reads the global log forwards in commit order; only our streams, never system records. */
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
