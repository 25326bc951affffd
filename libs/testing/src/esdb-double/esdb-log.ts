/** One record of the double's transaction log, as the server would return it. */
export interface LogRecord {
  /** Single node: commit == prepare == this byte-offset-like value. */
  position: bigint;
  streamId: string;
  revision: bigint;
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
  /** .NET ticks since the Unix epoch, as the server sends `created`. */
  created: bigint;
}

export type ExpectedVersion = { kind: 'any' } | { kind: 'no_stream' } | { kind: 'stream_exists' } | { kind: 'exact'; revision: bigint };

export interface ProposedEvent {
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
}

export type WriteOutcome =
  | { kind: 'success'; revision: bigint; position: bigint }
  | { kind: 'wrong_expected_version'; current: bigint | undefined }
  | { kind: 'stream_deleted' };

/** The revision the server gives the `$streamDeleted` record of a tombstoned stream. */
export const TOMBSTONE_REVISION = 2n ** 63n - 1n;
export const STREAM_DELETED_TYPE = '$streamDeleted';

interface StreamState {
  events: LogRecord[];
  tombstoned: boolean;
}

const TICKS_PER_MILLISECOND = 10_000n;
/** A record header's worth of bytes, so positions grow like offsets in a real log, never contiguously. */
const RECORD_OVERHEAD = 93n;

const utf8 = (text: string): Uint8Array => Buffer.from(text, 'utf8');

export class EsdbLog {
  readonly records: LogRecord[] = [];
  private readonly streams = new Map<string, StreamState>();
  private readonly appendListeners = new Set<() => void>();
  private nextPosition: bigint;

  constructor(firstPosition: bigint) {
    this.nextPosition = firstPosition;
  }

  currentRevision(streamId: string): bigint | undefined {
    const stream = this.streams.get(streamId);
    return stream && stream.events.length > 0 ? BigInt(stream.events.length - 1) : undefined;
  }

  isTombstoned(streamId: string): boolean {
    return this.streams.get(streamId)?.tombstoned ?? false;
  }

  eventsOf(streamId: string): readonly LogRecord[] {
    return this.streams.get(streamId)?.events ?? [];
  }

  append(streamId: string, expected: ExpectedVersion, events: ProposedEvent[]): WriteOutcome {
    const stream = this.streams.get(streamId);
    if (stream?.tombstoned) return { kind: 'stream_deleted' };
    const current = this.currentRevision(streamId);
    const wrong: WriteOutcome = { kind: 'wrong_expected_version', current };

    // The server treats no_stream as the exact revision -1, idempotency check included.
    const exact = expected.kind === 'exact' ? expected.revision : expected.kind === 'no_stream' ? -1n : undefined;
    if (exact !== undefined) {
      const last = current ?? -1n;
      if (exact > last) return wrong;
      if (exact < last) return this.alreadyWritten(streamId, exact + 1n, events) ?? wrong;
    } else {
      if (expected.kind === 'stream_exists' && current === undefined) return wrong;
      const retried = this.recentlyCommitted(streamId, events);
      if (retried) return retried;
    }

    if (events.length === 0) return { kind: 'success', revision: current ?? -1n, position: -1n };
    let revision = current ?? -1n;
    let position = -1n;
    for (const event of events) {
      revision += 1n;
      position = this.write({ ...event, streamId, revision });
    }
    this.notify();
    return { kind: 'success', revision, position };
  }

  tombstone(streamId: string, expected: ExpectedVersion): WriteOutcome {
    if (this.isTombstoned(streamId)) return { kind: 'stream_deleted' };
    const current = this.currentRevision(streamId);
    const matches =
      expected.kind === 'any' ||
      (expected.kind === 'no_stream' && current === undefined) ||
      (expected.kind === 'stream_exists' && current !== undefined) ||
      (expected.kind === 'exact' && expected.revision === current);
    if (!matches) return { kind: 'wrong_expected_version', current };

    const position = this.write({
      id: crypto.randomUUID(),
      streamId,
      revision: TOMBSTONE_REVISION,
      type: STREAM_DELETED_TYPE,
      contentType: 'application/octet-stream',
      data: new Uint8Array(),
      customMetadata: new Uint8Array(),
    });
    this.stream(streamId).tombstoned = true;
    this.notify();
    return { kind: 'success', revision: TOMBSTONE_REVISION, position };
  }

  /** What the server itself writes: `$metadata` in `$$<stream>`, `$statsCollected`, `$settings`… */
  appendSystemRecord(streamId: string, type: string, data: unknown): LogRecord {
    const revision = this.currentRevision(streamId) ?? -1n;
    this.write({
      id: crypto.randomUUID(),
      streamId,
      revision: revision + 1n,
      type,
      contentType: 'application/json',
      data: utf8(JSON.stringify(data)),
      customMetadata: new Uint8Array(),
    });
    this.notify();
    return this.records[this.records.length - 1];
  }

  /** Where a read may start: a record's own position, the start or the end of the log. */
  isBoundary(position: bigint): boolean {
    if (position === 0n || position === this.nextPosition) return true;
    return this.records.some((record) => record.position === position);
  }

  /** Index of the first record at or after (inclusive) / strictly after (exclusive) the position. */
  indexFrom(position: bigint, inclusive: boolean): number {
    const index = this.records.findIndex((record) => (inclusive ? record.position >= position : record.position > position));
    return index === -1 ? this.records.length : index;
  }

  /** Resolves at the next commit, or when the signal aborts. */
  nextCommit(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.appendListeners.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.appendListeners.add(done);
      signal.addEventListener('abort', done);
    });
  }

  /** Exact expected revision below the current one: a retry of the same ids succeeds without writing. */
  private alreadyWritten(streamId: string, fromRevision: bigint, events: ProposedEvent[]): WriteOutcome | undefined {
    const stored = this.eventsOf(streamId).slice(Number(fromRevision), Number(fromRevision) + events.length);
    if (events.length === 0 || stored.length !== events.length) return undefined;
    if (stored.some((record, index) => record.id !== events[index].id)) return undefined;
    const last = stored[stored.length - 1];
    return { kind: 'success', revision: last.revision, position: last.position };
  }

  /** any / stream_exists: the server's recent-commit cache acknowledges a re-sent batch without writing. */
  private recentlyCommitted(streamId: string, events: ProposedEvent[]): WriteOutcome | undefined {
    if (events.length === 0) return undefined;
    const stored = this.eventsOf(streamId);
    const first = stored.findIndex((record) => record.id === events[0].id);
    return first === -1 ? undefined : this.alreadyWritten(streamId, BigInt(first), events);
  }

  private write(event: ProposedEvent & { streamId: string; revision: bigint }): bigint {
    const position = this.nextPosition;
    const record: LogRecord = { ...event, position, created: BigInt(Date.now()) * TICKS_PER_MILLISECOND };
    this.nextPosition +=
      RECORD_OVERHEAD + BigInt(utf8(event.streamId).length + utf8(event.type).length + event.data.length + event.customMetadata.length);
    this.records.push(record);
    if (event.revision !== TOMBSTONE_REVISION) this.stream(event.streamId).events.push(record);
    return position;
  }

  private stream(streamId: string): StreamState {
    let stream = this.streams.get(streamId);
    if (!stream) {
      stream = { events: [], tombstoned: false };
      this.streams.set(streamId, stream);
    }
    return stream;
  }

  private notify(): void {
    for (const listener of [...this.appendListeners]) listener();
  }
}
