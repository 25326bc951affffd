import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { StreamDeletedError, StreamNotFoundError, type EventStore, type Position } from '#event-store';
import { domainEventOf, type DomainEvent } from '../commands/aggregate.js';
import { headerCount, resourcePath, type ApiRequest } from '../http/api-request.js';
import { ApiProblem, invalid } from '../http/problem.js';
import { problemBody, toProblem } from '../http/problem.filter.js';
import { IdempotencyStore, type IdempotentRequest, type StoredResponse } from './idempotency.store.js';

const KEY = /^[\x20-\x7e]{1,255}$/;
// Failures that wrote nothing and say nothing about the request, only about the moment: forgotten, so a retry runs.
// A key another node recorded for a different request (found in the events) is no answer of this
// request either: kept, it would turn the first request's own retry into a 422 here.
const NOTHING_WRITTEN = new Set(['write_contention', 'read_models_unavailable', 'idempotency_key_reused']);

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface KeyedRequest extends IdempotentRequest {
  /** sha256 of user and key: what the events carry, so that the raw key is never stored in the log. */
  keyHash: string;
}

export interface Answer extends StoredResponse {
  /** Given by an earlier run of the same request, not by this one. */
  replayed: boolean;
}

/**
 * The request's Idempotency-Key, parsed once, with the one fingerprint of what it asks (method,
 * the resource however spelled, the body's canonical JSON); undefined without a key.
 */
export function keyedRequest(req: ApiRequest): KeyedRequest | undefined {
  const key = req.headers['idempotency-key'];
  if (key === undefined || !req.principal) return undefined;
  if (headerCount(req, 'idempotency-key') > 1) {
    throw invalid('invalid_idempotency_key', 'Send one Idempotency-Key header, not several', [{ field: 'Idempotency-Key', message: 'must be sent once' }]);
  }
  if (typeof key !== 'string' || !KEY.test(key)) {
    throw invalid('invalid_idempotency_key', 'Idempotency-Key must be 1–255 printable ASCII characters', [
      { field: 'Idempotency-Key', message: 'must be 1–255 printable ASCII characters' },
    ]);
  }
  const { userId } = req.principal;
  const path = resourcePath(req);
  return { userId, key, method: req.method, path, fingerprint: sha256(`${req.method} ${path}\n${req.bodyHash ?? ''}`), keyHash: sha256(`${userId}\n${key}`) };
}

/**
 * Runs a keyed request once: its first response, a refusal as much as a success, is kept (in
 * DATA_DIR/api.sqlite) and given again to every retry; a different request under the key is a
 * 422, a retry while the first still runs a 409. Only what wrote nothing and says nothing about
 * the request (lost races, stopped read models) is forgotten so that its retry runs. What may
 * have written (a late confirmation, a crash) leaves the key in doubt: its retry runs with
 * `recover`, and the pipeline answers from the events carrying the key's hash if there are any.
 */
@Injectable()
export class Idempotency {
  constructor(@Inject(IdempotencyStore) private readonly store: IdempotencyStore) {}

  async runOnce(request: KeyedRequest | undefined, work: (recover: boolean) => Promise<Answer>): Promise<Answer> {
    if (!request) return work(false);
    const claim = this.store.claim(request);
    if (claim.outcome === 'mismatch') throw new ApiProblem(422, 'idempotency_key_reused', 'This Idempotency-Key was used for a different request');
    if (claim.outcome === 'in_progress') throw new ApiProblem(409, 'idempotency_in_progress', 'A request with this Idempotency-Key is still running; retry later');
    if (claim.outcome === 'replay') return { ...claim.response, replayed: true };
    try {
      const answer = await work(claim.recover);
      this.store.complete(request, { status: answer.status, body: answer.body, headers: answer.headers });
      return answer;
    } catch (error) {
      const problem = toProblem(error);
      if (problem && NOTHING_WRITTEN.has(problem.code)) this.store.release(request);
      else if (problem && problem.status < 500) this.store.complete(request, { status: problem.status, body: problemBody(problem), headers: {} });
      else this.store.doubt(request);
      throw error;
    }
  }
}

/**
 * A stable id (UUID layout, version 8) for what a keyed request creates (`article`, `fact-check`):
 * a retry after a crash finds what the first attempt created instead of creating another.
 */
export function idForIdempotencyKey(kind: string, keyHash: string): string {
  const hex = sha256(`${kind}-id\n${keyHash}`);
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Crash recovery: what a request with this key hash already appended to the stream, read back from the events. */
export async function writtenUnderKey(
  store: EventStore,
  streamId: string,
  keyHash: string,
  request: string,
): Promise<{ version: number; events: DomainEvent[]; position: Position } | undefined> {
  let stored;
  try {
    stored = await store.readStream(streamId);
  } catch (error) {
    if (error instanceof StreamNotFoundError || error instanceof StreamDeletedError) return undefined;
    throw error;
  }
  const mine = stored.filter((event) => event.metadata.idempotencyKey === keyHash);
  const latest = mine.at(-1);
  if (!latest) return undefined;
  // Events written before requests were fingerprinted carry none: they answer as the same request.
  const recorded = latest.metadata.idempotencyRequest;
  if (typeof recorded === 'string' && recorded !== request) {
    throw new ApiProblem(422, 'idempotency_key_reused', 'This Idempotency-Key was used for a different request');
  }
  return { version: Number(latest.revision) + 1, events: mine.map((event) => domainEventOf(event)), position: latest.position };
}
