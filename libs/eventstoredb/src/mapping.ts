import {
  ANY,
  ErrorType,
  NO_STREAM,
  STREAM_EXISTS,
  isCommandError,
  type AppendExpectedRevision,
  type EventData,
  type JSONType,
  type RecordedEvent as ClientRecordedEvent,
} from '@eventstore/db-client';
import {
  AppendTooLargeError,
  ForeignPositionError,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
  type EventMetadata,
  type EventToAppend,
  type ExpectedRevision,
  type Position,
  type RecordedEvent,
} from '#event-store';

export function toClientRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return expected;
  }
}

/**
 * The client reports revisions as our names or as bigints; the server's trailers use negative
 * numbers for the named ones (-1 no stream, -2 any, -4 stream exists).
 */
export function fromClientRevision(revision: bigint | string): ExpectedRevision {
  switch (revision) {
    case ANY:
    case -2n:
      return 'any';
    case NO_STREAM:
    case -1n:
      return 'no_stream';
    case STREAM_EXISTS:
    case -4n:
      return 'stream_exists';
    default:
      if (typeof revision === 'bigint') return revision;
      throw new Error(`Unknown expected revision from EventStoreDB: ${revision}`);
  }
}

function actualRevision(actual: bigint | string): bigint | 'no_stream' {
  return typeof actual === 'bigint' && actual >= 0n ? actual : 'no_stream';
}


/** The client's typed errors become the port's, so callers see the same errors from every adapter. */
export function toStoreError(error: unknown, streamId: string, expected?: ExpectedRevision): unknown {
  if (!(error instanceof Error) || !isCommandError(error)) return error;
  switch (error.type) {
    case ErrorType.WRONG_EXPECTED_VERSION: {
      const { expectedVersion, actualVersion } = error as unknown as { expectedVersion: bigint | string; actualVersion: bigint | string };
      return new WrongExpectedRevisionError(streamId, expected ?? fromClientRevision(expectedVersion), actualRevision(actualVersion));
    }
    case ErrorType.STREAM_NOT_FOUND:
      return new StreamNotFoundError(streamId);
    case ErrorType.STREAM_DELETED:
      return new StreamDeletedError(streamId);
    case ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED:
      return new AppendTooLargeError(streamId, (error as unknown as { maxAppendSize: number }).maxAppendSize);
    default:
      return error;
  }
}

/** Errors after which an append may or may not have been written: the node timed out, went away, or lost the call. */
const OUTCOME_UNKNOWN_TYPES: readonly string[] = [ErrorType.TIMEOUT, ErrorType.DEADLINE_EXCEEDED, ErrorType.UNAVAILABLE, ErrorType.CANCELLED, ErrorType.UNKNOWN, ErrorType.NOT_LEADER];
/** CANCELLED, UNKNOWN, DEADLINE_EXCEEDED, ABORTED, INTERNAL, UNAVAILABLE. */
const OUTCOME_UNKNOWN_CODES: readonly number[] = [1, 2, 4, 10, 13, 14];

export function leavesOutcomeUnknown(error: unknown): boolean {
  if (error instanceof Error && isCommandError(error)) return OUTCOME_UNKNOWN_TYPES.includes(error.type);
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return typeof code === 'number' && OUTCOME_UNKNOWN_CODES.includes(code);
}

/** The server refuses a read from a position that is not a record of its log with INVALID_ARGUMENT. */
export function toReadError(error: unknown, from: Position | undefined): unknown {
  if (!from || !(error instanceof Error)) return error;
  const invalidArgument = (isCommandError(error) && error.type === ErrorType.INVALID_ARGUMENT) || (error as { code?: unknown }).code === 3;
  const unknownInvalid = isCommandError(error) && error.type === ErrorType.UNKNOWN && /invalid|position/i.test(error.message);
  return invalidArgument || unknownInvalid ? new ForeignPositionError(from) : error;
}

/** Call serializeAppend (#event-store) first: the client serialises inside a promise it cannot reject. */
export function toEventData(event: EventToAppend): EventData {
  return {
    id: event.id,
    type: event.type,
    contentType: 'application/json',
    // The client serialises with JSON.stringify whatever the data is; its type only admits objects, arrays and strings.
    data: (event.data ?? null) as JSONType,
    metadata: event.metadata ?? {},
  };
}

/** Records the server writes itself ($metadata, $streamDeleted, $settings, $stats…) never reach our callers. */
export function isSystemRecord(event: Pick<ClientRecordedEvent, 'streamId' | 'type'>): boolean {
  return event.streamId.startsWith('$') || event.type.startsWith('$');
}

function isPlainObject(value: unknown): value is EventMetadata {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** A plain port position, not the client's object. */
export function toPosition({ commit, prepare }: Position): Position {
  return { commit, prepare };
}

export function toRecordedEvent(event: ClientRecordedEvent): RecordedEvent {
  if (!event.position) throw new Error(`EventStoreDB returned event ${event.id} without its position; servers before 22.6 are not supported`);
  return {
    id: event.id,
    streamId: event.streamId,
    type: event.type,
    data: event.data,
    metadata: isPlainObject(event.metadata) ? event.metadata : {},
    revision: event.revision,
    position: toPosition(event.position),
    recordedAt: event.created,
  };
}
