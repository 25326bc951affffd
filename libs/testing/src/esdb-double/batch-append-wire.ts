import * as grpc from '@grpc/grpc-js';
import sharedPb from '@eventstore/db-client/generated/shared_pb.js';
import statusPb from '@eventstore/db-client/generated/status_pb.js';
import streamsPb from '@eventstore/db-client/generated/streams_pb.js';
import anyPb from 'google-protobuf/google/protobuf/any_pb.js';
import emptyPb from 'google-protobuf/google/protobuf/empty_pb.js';
import type { ExpectedVersion } from './esdb-log.js';

export type BatchAppendRequest = InstanceType<typeof streamsPb.BatchAppendReq>;
export type BatchAppendResponse = InstanceType<typeof streamsPb.BatchAppendResp>;
type Uuid = InstanceType<typeof sharedPb.UUID>;

const { BatchAppendResp } = streamsPb;

/** The server's WriteTimeoutMs: no append waits longer, whatever deadline the client asked for. */
export const WRITE_TIMEOUT_MS = 2_000;

/** The correlation id as text, whichever form it came in. */
export function correlationIdOf(uuid: Uuid | undefined): string | undefined {
  if (!uuid) return undefined;
  if (uuid.hasStructured()) {
    const structured = uuid.getStructured()!;
    const bytes = Buffer.alloc(16);
    bytes.writeBigInt64BE(BigInt(structured.getMostSignificantBits()), 0);
    bytes.writeBigInt64BE(BigInt(structured.getLeastSignificantBits()), 8);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  return uuid.getString();
}

/** The form the server's timer uses for Timeout replies: most/least significant bits, big-endian. */
export function structuredUuid(id: string): Uuid {
  const bytes = Buffer.from(id.replace(/-/g, ''), 'hex');
  const structured = new sharedPb.UUID.Structured()
    .setMostSignificantBits(bytes.readBigInt64BE(0).toString())
    .setLeastSignificantBits(bytes.readBigInt64BE(8).toString());
  return new sharedPb.UUID().setStructured(structured);
}

export function batchExpectedVersion(options: InstanceType<typeof streamsPb.BatchAppendReq.Options>): ExpectedVersion | undefined {
  if (options.hasStreamPosition()) return { kind: 'exact', revision: BigInt(options.getStreamPosition()) };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasAny()) return { kind: 'any' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  return undefined;
}

function identifier(streamId: string): InstanceType<typeof sharedPb.StreamIdentifier> {
  return new sharedPb.StreamIdentifier().setStreamName(Buffer.from(streamId, 'utf8'));
}

function reply(correlationId: Uuid, streamId: string): BatchAppendResponse {
  return new BatchAppendResp().setCorrelationId(correlationId).setStreamIdentifier(identifier(streamId));
}

export function batchSuccess(correlationId: Uuid, streamId: string, revision: bigint, position: bigint): BatchAppendResponse {
  const success = new BatchAppendResp.Success();
  if (revision < 0n) success.setNoStream(new emptyPb.Empty());
  else success.setCurrentRevision(revision.toString());
  if (position < 0n) success.setNoPosition(new emptyPb.Empty());
  else success.setPosition(new sharedPb.AllStreamPosition().setCommitPosition(position.toString()).setPreparePosition(position.toString()));
  return reply(correlationId, streamId).setSuccess(success);
}

/** `google.rpc.Status` as EventStore sends it: one `Any` of a message named in shared.proto. */
export function batchError(
  correlationId: Uuid,
  streamId: string,
  code: grpc.status,
  message: string,
  details: { serializeBinary(): Uint8Array },
  typeName: string,
): BatchAppendResponse {
  const any = new anyPb.Any();
  any.pack(details.serializeBinary(), typeName);
  return reply(correlationId, streamId).setError(new statusPb.Status().setCode(code as number as never).setMessage(message).setDetails(any));
}

export function batchWrongExpectedVersion(correlationId: Uuid, streamId: string, expected: ExpectedVersion, current: bigint | undefined): BatchAppendResponse {
  const details = new sharedPb.WrongExpectedVersion();
  if (current === undefined) details.setCurrentNoStream(new emptyPb.Empty());
  else details.setCurrentStreamRevision(current.toString());
  switch (expected.kind) {
    case 'exact':
      details.setExpectedStreamPosition(expected.revision.toString());
      break;
    case 'any':
      details.setExpectedAny(new emptyPb.Empty());
      break;
    case 'stream_exists':
      details.setExpectedStreamExists(new emptyPb.Empty());
      break;
    case 'no_stream':
      details.setExpectedNoStream(new emptyPb.Empty());
      break;
  }
  return batchError(correlationId, streamId, grpc.status.ALREADY_EXISTS, 'WrongExpectedVersion', details, 'event_store.client.WrongExpectedVersion');
}

export function batchStreamDeleted(correlationId: Uuid, streamId: string): BatchAppendResponse {
  const details = new sharedPb.StreamDeleted().setStreamIdentifier(identifier(streamId));
  return batchError(correlationId, streamId, grpc.status.NOT_FOUND, 'StreamDeleted', details, 'event_store.client.StreamDeleted');
}

export function batchTimeout(id: string, streamId: string): BatchAppendResponse {
  return batchError(structuredUuid(id), streamId, grpc.status.DEADLINE_EXCEEDED, 'Timeout', new sharedPb.Timeout(), 'event_store.client.Timeout');
}

export function batchTooBig(correlationId: Uuid, streamId: string, maxAppendSize: number): BatchAppendResponse {
  const details = new sharedPb.MaximumAppendSizeExceeded().setMaxappendsize(maxAppendSize);
  return batchError(correlationId, streamId, grpc.status.INVALID_ARGUMENT, 'MaximumAppendSizeExceeded', details, 'event_store.client.MaximumAppendSizeExceeded');
}

export function batchBadRequest(correlationId: Uuid, streamId: string, message: string): BatchAppendResponse {
  return batchError(correlationId, streamId, grpc.status.INVALID_ARGUMENT, 'BadRequest', new sharedPb.BadRequest().setMessage(message), 'event_store.client.BadRequest');
}

/** A node still starting or too busy: code unset, details `google.protobuf.Empty`. */
export function batchNotReady(correlationId: Uuid, streamId: string): BatchAppendResponse {
  return batchError(correlationId, streamId, grpc.status.OK, 'Server Is Not Ready', new emptyPb.Empty(), 'google.protobuf.Empty');
}
