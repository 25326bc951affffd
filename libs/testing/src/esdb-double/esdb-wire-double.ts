import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import serverFeaturesGrpc from '@eventstore/db-client/generated/serverfeatures_grpc_pb.js';
import serverFeaturesPb from '@eventstore/db-client/generated/serverfeatures_pb.js';
import sharedPb from '@eventstore/db-client/generated/shared_pb.js';
import streamsGrpc from '@eventstore/db-client/generated/streams_grpc_pb.js';
import streamsPb from '@eventstore/db-client/generated/streams_pb.js';
import gossipGrpc from '@eventstore/db-client/generated/gossip_grpc_pb.js';
import {
  WRITE_TIMEOUT_MS,
  batchBadRequest,
  batchExpectedVersion,
  batchNotReady,
  batchStreamDeleted,
  batchSuccess,
  batchTimeout,
  batchTooBig,
  batchWrongExpectedVersion,
  correlationIdOf,
  type BatchAppendRequest,
  type BatchAppendResponse,
} from './batch-append-wire.js';
import { EsdbLog, type ExpectedVersion, type LogRecord, type ProposedEvent, type WriteOutcome } from './esdb-log.js';

const { ReadResp, AppendResp, TombstoneResp } = streamsPb;
type ReadRequest = InstanceType<typeof streamsPb.ReadReq>;
type ReadOptions = InstanceType<typeof streamsPb.ReadReq.Options>;
type FilterOptions = InstanceType<typeof streamsPb.ReadReq.Options.FilterOptions>;
type RequestedPosition = InstanceType<typeof streamsPb.ReadReq.Options.Position>;
type ReadResponse = InstanceType<typeof ReadResp>;
type AppendRequest = InstanceType<typeof streamsPb.AppendReq>;
type AppendResponse = InstanceType<typeof AppendResp>;
type TombstoneRequest = InstanceType<typeof streamsPb.TombstoneReq>;
type TombstoneResponse = InstanceType<typeof TombstoneResp>;

export const MAX_APPEND_SIZE = 1_048_576;
/** Live events a subscription may have in flight before the server falls back to catching up. */
const LIVE_BUFFER = 32;
/** The search window `count{}` stands for. */
const DEFAULT_SEARCH_WINDOW = 32;
const READ_DIRECTION_BACKWARDS = 1;

export interface EsdbWireDoubleOptions {
  /** Position of the first record; a real log never starts user events at 0. Above 2^53 exercises bigint handling. */
  firstPosition?: bigint;
  /**
   * After every user append, also write a `$statsCollected` record, as a busy server's stats
   * collector does, so that every read of $all has system records to filter out. Default true.
   */
  systemNoise?: boolean;
  /**
   * Advertise and serve `Streams.BatchAppend`, as every 24.10 node does; the client then sends
   * every append over it. False hides it, so that the client falls back to `Streams.Append`.
   * Default true.
   */
  batchAppend?: boolean;
  /** How far the server's clock is ahead of this process's (negative: behind). BatchAppend deadlines are checked against it. */
  clockSkewMs?: number;
}

/**
 * What the double can do to the next appends instead of answering plainly, one fault per append,
 * in the order injected (see injectAppendFaults):
 * - `not_ready`: refused before writing, as a node still starting (BatchAppend: a `Server Is Not
 *   Ready` reply; Append: UNAVAILABLE).
 * - `unavailable_before_commit` / `unavailable_after_commit`: the connection drops (status
 *   UNAVAILABLE; on BatchAppend the whole call ends, failing every pending append of the
 *   process), before or after the events were written.
 * - `deadline_before_commit`: nothing written, no answer until the client's deadline has passed
 *   (BatchAppend: then a Timeout reply; Append: the client's own gRPC deadline fires).
 * - `timeout_after_commit`: written, then answered with a commit timeout (BatchAppend: Timeout;
 *   Append: ABORTED).
 * - `late_commit`: answered as `deadline_before_commit`, but the write lands later, just before the
 *   next append reaches the log.
 * - `lost_reply`: written, and never answered (24.10 can drop BatchAppend replies; on Append the
 *   client's deadline ends the call).
 */
export type AppendFault =
  | 'not_ready'
  | 'unavailable_before_commit'
  | 'unavailable_after_commit'
  | 'deadline_before_commit'
  | 'timeout_after_commit'
  | 'late_commit'
  | 'lost_reply';

/** What the double saw, for tests that check what went over the wire. */
export interface EsdbWireDoubleCalls {
  appends: number;
  batchAppends: number;
  gossipReads: number;
  /** Expected versions of every Tombstone request, in order. */
  tombstones: ExpectedVersion[];
  /** Faults applied so far. */
  faults: AppendFault[];
}

const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** The server parses every event id as a Guid: text that is not one, or the nil id, is refused. */
function eventIdProblem(id: string | undefined): string | undefined {
  if (id === undefined) return 'Event id is missing.';
  if (!UUID_TEXT.test(id)) return `Could not parse event id '${id}' as a Guid.`;
  if (id === NIL_UUID) return 'Event id cannot be empty.';
  return undefined;
}

type StatusError = Partial<grpc.StatusObject> & { code: grpc.status };

function statusError(code: grpc.status, details: string, trailers: Record<string, string> = {}): StatusError {
  const metadata = new grpc.Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return { code, details, metadata };
}

function streamDeleted(streamId: string): StatusError {
  return statusError(grpc.status.FAILED_PRECONDITION, `Event stream '${streamId}' is deleted.`, { exception: 'stream-deleted', 'stream-name': streamId });
}

function streamName(identifier: { getStreamName_asU8(): Uint8Array } | undefined): string {
  return Buffer.from(identifier?.getStreamName_asU8() ?? new Uint8Array()).toString('utf8');
}

function streamIdentifier(name: string): InstanceType<typeof sharedPb.StreamIdentifier> {
  return new sharedPb.StreamIdentifier().setStreamName(Buffer.from(name, 'utf8'));
}

interface ExpectedVersionOptions {
  hasRevision(): boolean;
  getRevision(): string;
  hasNoStream(): boolean;
  hasStreamExists(): boolean;
}

function expectedVersionOf(options: ExpectedVersionOptions): ExpectedVersion {
  if (options.hasRevision()) return { kind: 'exact', revision: BigInt(options.getRevision()) };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'any' };
}

/** The numbers the server puts in the `expected-version` trailer. */
function expectedVersionNumber(expected: ExpectedVersion): bigint {
  switch (expected.kind) {
    case 'any':
      return -2n;
    case 'no_stream':
      return -1n;
    case 'stream_exists':
      return -4n;
    case 'exact':
      return expected.revision;
  }
}

function recordedEvent(record: LogRecord): ReadResponse {
  const event = new ReadResp.ReadEvent.RecordedEvent()
    .setId(new sharedPb.UUID().setString(record.id))
    .setStreamIdentifier(streamIdentifier(record.streamId))
    .setStreamRevision(record.revision.toString())
    .setPreparePosition(record.position.toString())
    .setCommitPosition(record.position.toString())
    .setData(record.data)
    .setCustomMetadata(record.customMetadata);
  event.getMetadataMap().set('type', record.type).set('content-type', record.contentType).set('created', record.created.toString());
  return new ReadResp().setEvent(new ReadResp.ReadEvent().setEvent(event).setCommitPosition(record.position.toString()));
}

function checkpoint(position: bigint): ReadResponse {
  return new ReadResp().setCheckpoint(new ReadResp.Checkpoint().setCommitPosition(position.toString()).setPreparePosition(position.toString()));
}

function recordFilter(filter: FilterOptions): (record: LogRecord) => boolean {
  const onStreamName = filter.hasStreamIdentifier();
  const expression = onStreamName ? filter.getStreamIdentifier() : filter.getEventType();
  const regex = expression?.getRegex() ?? '';
  const prefixes = expression?.getPrefixList() ?? [];
  // As in the server: a regex, when given, wins over prefixes.
  const pattern = regex === '' ? undefined : new RegExp(regex);
  return (record) => {
    const subject = onStreamName ? record.streamId : record.type;
    return pattern ? pattern.test(subject) : prefixes.some((prefix) => subject.startsWith(prefix));
  };
}

/**
 * A stand-in for an EventStoreDB 24.10 single node on real gRPC, built on the Node client's own
 * service definitions, doing exactly what our adapter uses and behaving on the wire as
 * /work/shared/ESDB-WIRE.md records. Test support only: the log lives in memory.
 */
export class EsdbWireDouble {
  readonly log: EsdbLog;
  readonly calls: EsdbWireDoubleCalls = { appends: 0, batchAppends: 0, gossipReads: 0, tombstones: [], faults: [] };
  private readonly systemNoise: boolean;
  private readonly batchAppendServed: boolean;
  private readonly clockSkewMs: number;
  private readonly faults: AppendFault[] = [];
  private subscriptionFaults = 0;
  /** Writes of `late_commit` appends, applied before the next append reaches the log. */
  private lateWrites: (() => void)[] = [];
  /** Live Streams.Read calls, which dropSubscriptions ends. */
  private readonly readCalls = new Set<(error: StatusError) => void>();
  /** Open BatchAppend calls, which unavailable faults end. */
  private readonly batchCalls = new Set<(error: StatusError) => void>();
  private server: grpc.Server | undefined;
  private boundPort = 0;
  /** Aborted on stop, so that live subscriptions end with the connection. */
  private lifetime = new AbortController();

  constructor(options: EsdbWireDoubleOptions = {}) {
    this.log = new EsdbLog(options.firstPosition ?? 4_096n + 173n);
    this.systemNoise = options.systemNoise ?? true;
    this.batchAppendServed = options.batchAppend ?? true;
    this.clockSkewMs = options.clockSkewMs ?? 0;
    // A server that has run for a while has settings and stream metadata in its log; note the
    // `$settings` event type has no `$`, so only a stream-name check keeps it out.
    this.log.appendSystemRecord('$settings', 'update-default-acl', { $userStreamAcl: { $r: '$all' } });
    this.log.appendSystemRecord('$$$scavenges', '$metadata', { $maxAge: 2_592_000 });
  }

  static async start(options: EsdbWireDoubleOptions = {}): Promise<EsdbWireDouble> {
    const double = new EsdbWireDouble(options);
    await double.start();
    return double;
  }

  get port(): number {
    return this.boundPort;
  }

  get connectionString(): string {
    return `esdb://127.0.0.1:${this.boundPort}?tls=false`;
  }

  /** Listens on 127.0.0.1: the given port, else the one used before, else an ephemeral one. */
  async start(port = this.boundPort): Promise<void> {
    if (this.server) throw new Error('The double is already running');
    const server = new grpc.Server();
    server.addService(serverFeaturesGrpc.ServerFeaturesService, { getSupportedMethods: this.getSupportedMethods });
    const streams: grpc.UntypedServiceImplementation = { read: this.read, append: this.append, tombstone: this.tombstone };
    // Not served at all when hidden: a client that asked anyway would get UNIMPLEMENTED.
    if (this.batchAppendServed) streams.batchAppend = this.batchAppend;
    server.addService(streamsGrpc.StreamsService, streams);
    server.addService(gossipGrpc.GossipService, { read: this.gossipRead });
    this.boundPort = await new Promise<number>((resolve, reject) => {
      server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound)));
    });
    this.lifetime = new AbortController();
    this.server = server;
  }

  /** Drops every connection and call at once, as a crashed or killed node does. */
  async stop(): Promise<void> {
    this.lifetime.abort();
    this.server?.forceShutdown();
    this.server = undefined;
  }

  /** The faults to apply to the next appends, one each, in this order (see AppendFault). */
  injectAppendFaults(...faults: AppendFault[]): void {
    this.faults.push(...faults);
  }

  /** Forgets the faults not yet applied. */
  clearFaults(): void {
    this.faults.length = 0;
    this.subscriptionFaults = 0;
  }

  /** Faults injected and not yet applied. */
  get pendingFaults(): number {
    return this.faults.length;
  }

  /** Ends every open read and subscription with UNAVAILABLE, as a node that drops its clients does; the node stays up. */
  dropSubscriptions(): void {
    for (const fail of [...this.readCalls]) fail(statusError(grpc.status.UNAVAILABLE, 'Server Is Not Ready'));
  }

  /** The next `count` subscriptions to $all are confirmed, then end with UNAVAILABLE before sending anything else. */
  failSubscriptionsAfterConfirmation(count: number): void {
    this.subscriptionFaults += count;
  }

  private takeSubscriptionFault(): boolean {
    if (this.subscriptionFaults === 0) return false;
    this.subscriptionFaults -= 1;
    return true;
  }

  /** The server's clock, which BatchAppend deadlines are checked against. */
  private serverNow(): number {
    return Date.now() + this.clockSkewMs;
  }

  private applyLateWrites(): void {
    const writes = this.lateWrites;
    this.lateWrites = [];
    for (const write of writes) write();
  }

  private nextFault(): AppendFault | undefined {
    const fault = this.faults.shift();
    if (fault) this.calls.faults.push(fault);
    return fault;
  }

  /** The log write of an append, and the stats record a busy node adds after it. */
  private write(streamId: string, expected: ExpectedVersion, events: ProposedEvent[]): WriteOutcome {
    this.applyLateWrites();
    const outcome = this.log.append(streamId, expected, events);
    if (outcome.kind === 'success' && this.systemNoise && events.length > 0) {
      this.log.appendSystemRecord('$stats-127.0.0.1:2113', '$statsCollected', { 'proc-id': process.pid, 'es-queue-count': 0 });
    }
    return outcome;
  }

  private readonly gossipRead: grpc.handleUnaryCall<unknown, unknown> = (_call, callback) => {
    this.calls.gossipReads += 1;
    callback(statusError(grpc.status.UNAVAILABLE, 'The double is a single node without gossip.'));
  };

  /** Stops, then listens again on the same port with the same log. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start(this.boundPort);
  }

  private readonly getSupportedMethods: grpc.handleUnaryCall<unknown, InstanceType<typeof serverFeaturesPb.SupportedMethods>> = (_call, callback) => {
    const method = (service: string, name: string, features: string[] = []): InstanceType<typeof serverFeaturesPb.SupportedMethod> =>
      new serverFeaturesPb.SupportedMethod().setServiceName(service).setMethodName(name).setFeaturesList(features);
    const streams = 'event_store.client.streams.streams';
    const methods = [
      method(streams, 'read', ['position', 'events']),
      method(streams, 'append'),
      method(streams, 'tombstone'),
      method('event_store.client.server_features.serverfeatures', 'getsupportedmethods'),
    ];
    // Listed, the client sends every append without per-call credentials over Streams.BatchAppend.
    if (this.batchAppendServed) methods.push(method(streams, 'batchappend', ['deadline_duration']));
    callback(null, new serverFeaturesPb.SupportedMethods().setMethodsList(methods).setEventStoreServerVersion('24.10.4'));
  };

  private readonly append: grpc.handleClientStreamingCall<AppendRequest, AppendResponse> = (call, callback) => {
    let streamId: string | undefined;
    let expected: ExpectedVersion = { kind: 'any' };
    const events: ProposedEvent[] = [];
    let size = 0;
    let failed = false;
    const fail = (error: StatusError): void => {
      failed = true;
      callback(error);
    };

    call.on('data', (request: AppendRequest) => {
      if (failed) return;
      if (streamId === undefined) {
        const options = request.getOptions();
        if (!options) return fail(statusError(grpc.status.INVALID_ARGUMENT, 'The first message of an append must be its options.'));
        streamId = streamName(options.getStreamIdentifier());
        expected = expectedVersionOf(options);
        return;
      }
      const message = request.getProposedMessage();
      const metadata = message?.getMetadataMap();
      const type = metadata?.get('type');
      const contentType = metadata?.get('content-type');
      if (!message || type === undefined || contentType === undefined) {
        return fail(
          statusError(grpc.status.INVALID_ARGUMENT, 'Missing required metadata.', {
            exception: 'missing-required-metadata-property',
            'required-metadata-properties': 'type,content-type',
          }),
        );
      }
      const id = message.getId()?.getString();
      const problem = eventIdProblem(id);
      if (problem) return fail(statusError(grpc.status.INVALID_ARGUMENT, problem));
      const event: ProposedEvent = {
        id: id!,
        type,
        contentType,
        data: message.getData_asU8(),
        customMetadata: message.getCustomMetadata_asU8(),
      };
      size += event.data.length + event.customMetadata.length + 2 * Buffer.byteLength(type, 'utf8');
      if (size > MAX_APPEND_SIZE) {
        return fail(
          statusError(grpc.status.INVALID_ARGUMENT, 'Maximum Append Size exceeded.', {
            exception: 'maximum-append-size-exceeded',
            'maximum-append-size': String(MAX_APPEND_SIZE),
          }),
        );
      }
      events.push(event);
    });

    call.on('end', () => {
      if (failed) return;
      if (streamId === undefined) return fail(statusError(grpc.status.INVALID_ARGUMENT, 'An append must start with its options.'));
      this.calls.appends += 1;
      const target = streamId;
      const fault = this.nextFault();
      switch (fault) {
        case 'not_ready':
        case 'unavailable_before_commit':
          return fail(statusError(grpc.status.UNAVAILABLE, 'Server Is Not Ready'));
        case 'deadline_before_commit':
          // No answer: the client's gRPC deadline ends the call.
          return;
        case 'late_commit':
          this.lateWrites.push(() => void this.log.append(target, expected, events));
          return;
      }
      const outcome = this.write(target, expected, events);
      if (fault === 'lost_reply') return;
      if (fault === 'unavailable_after_commit') return fail(statusError(grpc.status.UNAVAILABLE, 'Server Is Not Ready'));
      if (fault === 'timeout_after_commit') return fail(statusError(grpc.status.ABORTED, 'Operation timed out'));
      if (outcome.kind === 'stream_deleted') return fail(streamDeleted(target));
      callback(null, this.appendResponse(outcome, expected));
    });
  };

  /**
   * Streams.BatchAppend as 24.10 serves it: appends keyed by correlation id, each registered by
   * its options message with a timer of min(deadline − server clock, WriteTimeoutMs), written
   * when its final message arrives, answered once; the call is never ended with OK.
   */
  private readonly batchAppend: grpc.handleBidiStreamingCall<BatchAppendRequest, BatchAppendResponse> = (call) => {
    interface Pending {
      streamId: string;
      expected: ExpectedVersion;
      events: ProposedEvent[];
      size: number;
      timer: NodeJS.Timeout;
    }
    const pending = new Map<string, Pending>();
    let ended = false;
    const endWith = (error: StatusError): void => {
      if (ended) return;
      ended = true;
      for (const entry of pending.values()) clearTimeout(entry.timer);
      pending.clear();
      this.batchCalls.delete(endWith);
      call.emit('error', error);
    };
    this.batchCalls.add(endWith);
    const send = (response: BatchAppendResponse): void => {
      if (!ended && !call.cancelled) call.write(response);
    };
    const forget = (): void => {
      ended = true;
      for (const entry of pending.values()) clearTimeout(entry.timer);
      pending.clear();
      this.batchCalls.delete(endWith);
    };
    call.on('cancelled', forget);
    call.on('error', forget);

    call.on('data', (request: BatchAppendRequest) => {
      if (ended) return;
      const id = correlationIdOf(request.getCorrelationId());
      if (id === undefined) return endWith(statusError(grpc.status.UNKNOWN, 'A batch append message needs a correlation id.'));
      const correlation = request.getCorrelationId()!;
      const options = request.getOptions();
      if (options) {
        const streamId = streamName(options.getStreamIdentifier());
        const expected = batchExpectedVersion(options);
        if (!expected) return send(batchBadRequest(correlation, streamId, 'Expected stream position is required.'));
        const requested = options.hasDeadline() ? options.getDeadline()!.toDate().getTime() - this.serverNow() : Infinity;
        const timeout = Math.min(requested, WRITE_TIMEOUT_MS);
        if (timeout <= 0) return send(batchTimeout(id, streamId));
        if (!pending.has(id)) {
          const timer = setTimeout(() => {
            if (!pending.delete(id)) return;
            send(batchTimeout(id, streamId));
          }, timeout);
          timer.unref();
          pending.set(id, { streamId, expected, events: [], size: 0, timer });
        }
      }
      const entry = pending.get(id);
      if (!entry) return;
      for (const message of request.getProposedMessagesList()) {
        const metadata = message.getMetadataMap();
        const type = metadata.get('type');
        const contentType = metadata.get('content-type');
        const eventId = message.getId()?.getString();
        const problem = eventIdProblem(eventId) ?? (type === undefined || contentType === undefined ? 'Missing required metadata property.' : type === '' ? 'Event type cannot be empty.' : undefined);
        if (problem) {
          // The server would keep the append registered and later send a second reply (Timeout),
          // which 6.2.1 cannot take; the double drops it so that a test sees the refusal, not a crash.
          clearTimeout(entry.timer);
          pending.delete(id);
          if (!options) return endWith(statusError(grpc.status.UNKNOWN, problem));
          return send(batchBadRequest(correlation, entry.streamId, problem));
        }
        const event: ProposedEvent = { id: eventId!, type: type!, contentType: contentType!, data: message.getData_asU8(), customMetadata: message.getCustomMetadata_asU8() };
        entry.size += event.data.length + event.customMetadata.length + 2 * Buffer.byteLength(event.type, 'utf8');
        entry.events.push(event);
      }
      if (entry.size > MAX_APPEND_SIZE) {
        clearTimeout(entry.timer);
        pending.delete(id);
        return send(batchTooBig(correlation, entry.streamId, MAX_APPEND_SIZE));
      }
      if (!request.getIsFinal()) return;
      clearTimeout(entry.timer);
      pending.delete(id);
      this.calls.batchAppends += 1;
      this.finishBatchAppend(correlation, id, entry, options?.hasDeadline() ? options.getDeadline()!.toDate().getTime() : undefined, send, endWith);
    });
  };

  private finishBatchAppend(
    correlation: NonNullable<ReturnType<BatchAppendRequest['getCorrelationId']>>,
    id: string,
    { streamId, expected, events }: { streamId: string; expected: ExpectedVersion; events: ProposedEvent[] },
    deadline: number | undefined,
    send: (response: BatchAppendResponse) => void,
    endWith: (error: StatusError) => void,
  ): void {
    const unavailable = (): void => {
      // The whole call goes: the client fails every pending append of the process with it.
      for (const end of [...this.batchCalls]) end(statusError(grpc.status.UNAVAILABLE, 'Server Is Not Ready'));
      endWith(statusError(grpc.status.UNAVAILABLE, 'Server Is Not Ready'));
    };
    const afterDeadline = (reply: () => void): void => {
      const wait = Math.max(0, Math.min(deadline === undefined ? WRITE_TIMEOUT_MS : deadline - this.serverNow(), WRITE_TIMEOUT_MS)) + 1;
      setTimeout(reply, wait).unref();
    };
    const fault = this.nextFault();
    switch (fault) {
      case 'not_ready':
        return send(batchNotReady(correlation, streamId));
      case 'unavailable_before_commit':
        return unavailable();
      case 'deadline_before_commit':
        return afterDeadline(() => send(batchTimeout(id, streamId)));
      case 'late_commit':
        this.lateWrites.push(() => void this.log.append(streamId, expected, events));
        return afterDeadline(() => send(batchTimeout(id, streamId)));
    }
    const outcome = this.write(streamId, expected, events);
    if (fault === 'lost_reply') return;
    if (fault === 'unavailable_after_commit') return unavailable();
    if (fault === 'timeout_after_commit') return send(batchTimeout(id, streamId));
    switch (outcome.kind) {
      case 'stream_deleted':
        return send(batchStreamDeleted(correlation, streamId));
      case 'wrong_expected_version':
        return send(batchWrongExpectedVersion(correlation, streamId, expected, outcome.current));
      case 'success':
        return send(batchSuccess(correlation, streamId, outcome.revision, outcome.position));
    }
  }

  private appendResponse(outcome: Exclude<WriteOutcome, { kind: 'stream_deleted' }>, expected: ExpectedVersion): AppendResponse {
    if (outcome.kind === 'success') {
      const success = new AppendResp.Success();
      if (outcome.revision < 0n) success.setNoStream(new sharedPb.Empty());
      else success.setCurrentRevision(outcome.revision.toString());
      if (outcome.position < 0n) success.setNoPosition(new sharedPb.Empty());
      else success.setPosition(new AppendResp.Position().setCommitPosition(outcome.position.toString()).setPreparePosition(outcome.position.toString()));
      return new AppendResp().setSuccess(success);
    }
    const wrong = new AppendResp.WrongExpectedVersion();
    if (outcome.current === undefined) wrong.setCurrentNoStream(new sharedPb.Empty());
    else wrong.setCurrentRevision(outcome.current.toString());
    switch (expected.kind) {
      case 'any':
        wrong.setExpectedAny(new sharedPb.Empty());
        break;
      case 'no_stream':
        wrong.setExpectedNoStream(new sharedPb.Empty());
        break;
      case 'stream_exists':
        wrong.setExpectedStreamExists(new sharedPb.Empty());
        break;
      case 'exact':
        wrong.setExpectedRevision(expected.revision.toString());
        break;
    }
    return new AppendResp().setWrongExpectedVersion(wrong);
  }

  private readonly tombstone: grpc.handleUnaryCall<TombstoneRequest, TombstoneResponse> = (call, callback) => {
    const options = call.request.getOptions();
    if (!options) return callback(statusError(grpc.status.INVALID_ARGUMENT, 'Options are required.'));
    const streamId = streamName(options.getStreamIdentifier());
    const expected = expectedVersionOf(options);
    this.calls.tombstones.push(expected);
    const outcome = this.log.tombstone(streamId, expected);
    if (outcome.kind === 'stream_deleted') return callback(streamDeleted(streamId));
    if (outcome.kind === 'wrong_expected_version') {
      return callback(
        statusError(grpc.status.FAILED_PRECONDITION, `Append failed due to WrongExpectedVersion. Stream: ${streamId}`, {
          exception: 'wrong-expected-version',
          'stream-name': streamId,
          'expected-version': expectedVersionNumber(expected).toString(),
          'actual-version': (outcome.current ?? -1n).toString(),
        }),
      );
    }
    const position = new TombstoneResp.Position().setCommitPosition(outcome.position.toString()).setPreparePosition(outcome.position.toString());
    callback(null, new TombstoneResp().setPosition(position));
  };

  private readonly read: grpc.handleServerStreamingCall<ReadRequest, ReadResponse> = (call) => {
    const calls = new AbortController();
    const stop = (): void => calls.abort();
    call.on('cancelled', stop);
    call.on('close', stop);
    this.lifetime.signal.addEventListener('abort', stop, { once: true });
    const fail = (error: StatusError): void => {
      if (calls.signal.aborted) return;
      call.emit('error', error);
      stop();
    };
    this.readCalls.add(fail);
    const finish = (): void => {
      this.readCalls.delete(fail);
      this.lifetime.signal.removeEventListener('abort', stop);
    };

    const options = call.request.getOptions();
    if (!options) {
      fail(statusError(grpc.status.INVALID_ARGUMENT, 'Options are required.'));
      return finish();
    }
    const backwards = options.getReadDirection() === READ_DIRECTION_BACKWARDS;
    const subscription = options.hasSubscription();
    const filter = options.hasFilter() ? options.getFilter() : undefined;
    if ((options.hasStream() && filter) || (subscription && backwards)) {
      fail(statusError(grpc.status.INVALID_ARGUMENT, 'Unsupported combination of read options.'));
      return finish();
    }
    if (options.hasStream() && subscription) {
      fail(statusError(grpc.status.UNIMPLEMENTED, 'The double does not implement stream subscriptions.'));
      return finish();
    }

    const from = options.getAll()?.hasPosition() ? options.getAll()!.getPosition()! : undefined;
    if (from && !this.log.isBoundary(BigInt(from.getCommitPosition()))) {
      // The server looks the record up and fails the read: no guessing where a foreign checkpoint falls.
      fail(statusError(grpc.status.INVALID_ARGUMENT, `Invalid position: ${from.getCommitPosition()}/${from.getPreparePosition()} is not a record boundary.`));
      return finish();
    }

    const session = new ReadSession(call, calls.signal);
    const run = options.hasStream()
      ? session.readStream(this.log, options, backwards)
      : subscription
        ? session.subscribeToAll(this.log, options, filter, this.takeSubscriptionFault())
        : session.readAll(this.log, options, backwards, filter);
    run.then(
      () => {
        if (!calls.signal.aborted) call.end();
      },
      (error: unknown) => fail(isStatusError(error) ? error : statusError(grpc.status.INTERNAL, String(error))),
    ).finally(finish);
  };
}

function isStatusError(error: unknown): error is StatusError {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'number';
}

/** One Streams.Read call: writes with backpressure and stops when the call or the server goes away. */
class ReadSession {
  constructor(
    private readonly call: grpc.ServerWritableStream<ReadRequest, ReadResponse>,
    private readonly signal: AbortSignal,
  ) {}

  async readStream(log: EsdbLog, options: ReadOptions, backwards: boolean): Promise<void> {
    const stream = options.getStream();
    const streamId = streamName(stream?.getStreamIdentifier());
    if (log.isTombstoned(streamId)) throw streamDeleted(streamId);
    const events = log.eventsOf(streamId);
    if (events.length === 0) {
      await this.send(new ReadResp().setStreamNotFound(new ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(streamId))));
      return;
    }
    const last = BigInt(events.length - 1);
    // `start` is revision 0, `end` the last one; both directions include the revision they start from.
    const from = stream?.hasRevision() ? BigInt(stream.getRevision()) : stream?.hasEnd() ? (backwards ? last : last + 1n) : 0n;
    const selected = backwards ? events.filter((record) => record.revision <= from).reverse() : events.filter((record) => record.revision >= from);
    for (const record of selected.slice(0, countOf(options))) await this.send(recordedEvent(record));
  }

  async readAll(log: EsdbLog, options: ReadOptions, backwards: boolean, filter: FilterOptions | undefined): Promise<void> {
    const all = options.getAll();
    const matches = filter ? recordFilter(filter) : () => true;
    const records = log.records;
    let selected: LogRecord[];
    if (all?.hasPosition()) {
      const position = requestedPosition(all.getPosition()!);
      // Forwards from P includes P; backwards from P excludes it.
      selected = backwards ? records.slice(0, log.indexFrom(position, true)).reverse() : records.slice(log.indexFrom(position, true));
    } else {
      const fromEnd = all?.hasEnd() ?? false;
      selected = backwards ? (fromEnd ? [...records].reverse() : []) : fromEnd ? [] : [...records];
    }
    for (const record of selected.filter(matches).slice(0, countOf(options))) await this.send(recordedEvent(record));
  }

  async subscribeToAll(log: EsdbLog, options: ReadOptions, filterOptions: FilterOptions | undefined, failAfterConfirmation = false): Promise<void> {
    const all = options.getAll();
    const matches = filterOptions ? recordFilter(filterOptions) : undefined;
    const window = filterOptions?.hasMax() ? filterOptions.getMax() : DEFAULT_SEARCH_WINDOW;
    const interval = Math.max(1, filterOptions?.getCheckpointintervalmultiplier() ?? 1) * window;

    let startPosition = 0n;
    let cursor = 0;
    if (all?.hasPosition()) {
      startPosition = requestedPosition(all.getPosition()!);
      cursor = log.indexFrom(startPosition, false);
    } else if (all?.hasEnd()) {
      cursor = log.records.length;
    }

    await this.send(new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID())));
    if (failAfterConfirmation) throw statusError(grpc.status.UNAVAILABLE, 'Server Is Not Ready');
    let live = false;
    if (all?.hasEnd()) {
      await this.send(new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));
      live = true;
    }
    let lastSent: bigint | undefined;
    let lastCheckpoint = -1n;
    let pageStart = startPosition;
    let scanned = 0;

    while (!this.signal.aborted) {
      if (cursor < log.records.length) {
        // A consumer too slow for the live buffer is caught up again, silently, from where it is.
        if (live && log.records.length - cursor > LIVE_BUFFER) live = false;
        const record = log.records[cursor];
        cursor += 1;
        if (scanned % window === 0) pageStart = record.position;
        scanned += 1;
        if (!matches || matches(record)) {
          await this.send(recordedEvent(record));
          lastSent = record.position;
        }
        if (matches && scanned % interval === 0) {
          const at = live ? record.position : lastSent !== undefined && lastSent > pageStart ? lastSent : pageStart;
          if (at > lastCheckpoint) {
            await this.send(checkpoint(at));
            lastCheckpoint = at;
          }
        }
        continue;
      }
      if (!live) {
        // Unfiltered subscriptions never get checkpoints.
        if (matches) await this.send(checkpoint(lastSent ?? startPosition));
        await this.send(new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));
        live = true;
        continue;
      }
      await log.nextCommit(this.signal);
    }
  }

  private async send(response: ReadResponse): Promise<void> {
    if (this.signal.aborted) return;
    if (this.call.write(response)) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.call.off('drain', done);
        this.signal.removeEventListener('abort', done);
        resolve();
      };
      this.call.on('drain', done);
      this.signal.addEventListener('abort', done);
    });
  }
}

function countOf(options: ReadOptions): number {
  const count = options.hasCount() ? BigInt(options.getCount()) : BigInt(Number.MAX_SAFE_INTEGER);
  return count > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(count);
}

function requestedPosition(position: RequestedPosition): bigint {
  const commit = BigInt(position.getCommitPosition());
  const prepare = BigInt(position.getPreparePosition());
  if (commit < prepare) throw statusError(grpc.status.INVALID_ARGUMENT, 'The commit position cannot be less than the prepare position.');
  return commit;
}
