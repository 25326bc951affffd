import type { ExpectedRevision } from './event-store.port.js';

export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** Current revision, or 'no_stream' when the stream has no events. */
    readonly actual: bigint | 'no_stream',
  ) {
    super(`Stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
  }
}

export class StreamNotFoundError extends Error {
  override readonly name = 'StreamNotFoundError';
  constructor(readonly streamId: string) {
    super(`Stream ${streamId} not found`);
  }
}

export class StreamDeletedError extends Error {
  override readonly name = 'StreamDeletedError';
  constructor(readonly streamId: string) {
    super(`Stream ${streamId} is deleted`);
  }
}

/**
 * The store could not confirm in time whether an append was written: the node timed out,
 * became unavailable or lost the connection after the request left, and the adapter could not
 * learn the outcome by re-reading the stream or re-sending the same events within its budget.
 *
 * Nothing is known: the events may be in the log, or not, and they may still land later.
 * It is safe to retry **the same append with the same event ids and the same expected
 * revision**: a store recognises ids it already holds (EventStoreDB's idempotent append, the
 * adapter's re-read), so the retry answers the true outcome instead of appending twice. A
 * caller serving HTTP answers 503 with `Retry-After` and must derive its event ids from the
 * request's Idempotency-Key, so that the client's retry re-sends the same ids.
 */
export class AppendOutcomeUnknownError extends Error {
  override readonly name = 'AppendOutcomeUnknownError';
  constructor(
    readonly streamId: string,
    /** The ids of the events whose fate is unknown, in append order. */
    readonly eventIds: readonly string[],
    override readonly cause?: unknown,
  ) {
    super(`Stream ${streamId}: the outcome of the append is unknown${cause instanceof Error && cause.message ? ` (${cause.message})` : ''}`);
  }
}

/** The append is over the store's size limit (EventStoreDB: 1 MiB of data, metadata and types). Nothing written. */
export class AppendTooLargeError extends Error {
  override readonly name = 'AppendTooLargeError';
  constructor(
    readonly streamId: string,
    readonly maxAppendSize: number,
  ) {
    super(`Stream ${streamId}: the append is over the maximum of ${maxAppendSize} bytes`);
  }
}

/**
 * The append can never be written as it is: a stream name or event type the store reserves
 * (`$…`), an event id that is not a UUID, data or metadata JSON cannot serialise. Nothing is
 * sent or written; a programming error, not a client's.
 */
export class InvalidAppendError extends Error {
  override readonly name = 'InvalidAppendError';
  constructor(
    readonly streamId: string,
    readonly reason: string,
  ) {
    super(`Stream ${streamId}: ${reason}`);
  }
}

/**
 * A position that is not a record boundary of this log, e.g. the checkpoint of read models
 * built on another store. Reading from it would skip or repeat events; rebuild the read models.
 */
export class ForeignPositionError extends RangeError {
  override readonly name = 'ForeignPositionError';
  constructor(readonly position: { commit: bigint; prepare: bigint }) {
    super(`Position ${position.commit}/${position.prepare} is not a record boundary of this event store's log`);
  }
}
