import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import {
  AppendOutcomeUnknownError,
  AppendTooLargeError,
  ForeignPositionError,
  InvalidAppendError,
  StreamNotFoundError,
  type EventToAppend,
  type ExpectedRevision,
  type RecordedEvent,
  type SubscriptionRetry,
} from '#event-store';
import { EsdbWireDouble, newEvents, newStreamId, waitUntil, type AppendFault } from '#testing';
import { createEventStoreDbEventStore, isSingleHostConnectionString, waitUntilWritable, WRITE_CHECK_STREAM, type EventStoreDbEventStore, type EventStoreDbOptions } from './index.js';

/** Short deadlines so that faults which wait for them do not slow the suite; nothing asserts on speed. */
const faultTolerant: EventStoreDbOptions = {
  resubscribe: { initialDelayMs: 20, maxDelayMs: 200 },
  appendDeadlineMs: 400,
  appendReplyGraceMs: 300,
  appendRecovery: { attempts: 3, initialDelayMs: 20 },
};

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('Expected a rejection');
    },
    (error: unknown) => error,
  );
}

/** Settles with the promise, or fails the test when it never settles: a hang is the defect being shown. */
async function settledWithin<T>(promise: Promise<T>, ms: number, what: string): Promise<PromiseSettledResult<T>> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} never settled`)), ms);
  });
  try {
    return await Promise.race([Promise.allSettled([promise]).then(([result]) => result), hang]);
  } finally {
    clearTimeout(timer);
  }
}

/** A tiny seeded generator, so that a failing soak run can be replayed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe.each([
  ['Streams.BatchAppend', true],
  ['Streams.Append', false],
])('EventStoreDbEventStore failure modes, appends over %s', (_path, batchAppend) => {
  let double: EsdbWireDouble;
  let store: EventStoreDbEventStore;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    double = await EsdbWireDouble.start({ batchAppend });
    store = createEventStoreDbEventStore(double.connectionString, faultTolerant);
  });

  afterEach(() => {
    // Each test checks the faults it meant to hit (calls.faults); a slow machine may leave one unused.
    double.clearFaults();
    expect(unhandled).toEqual([]);
  });

  afterAll(async () => {
    await store.close();
    await double.stop();
    process.off('unhandledRejection', onUnhandled);
  });

  describe('appends the node can never take are refused before anything is sent', () => {
    it('data JSON cannot serialise: InvalidAppendError, no unhandled rejection, and the next append works', async () => {
      const streamId = newStreamId();
      const circular: Record<string, unknown> = {};
      circular.self = circular;

      const results = await Promise.all(
        [{ count: 1n }, circular, () => undefined].map((data) =>
          settledWithin(store.appendToStream(streamId, [{ ...newEvents(1)[0], data }], 'no_stream'), 5_000, 'the append'),
        ),
      );
      await new Promise((resolve) => setImmediate(resolve));

      for (const result of results) {
        expect(result.status).toBe('rejected');
        expect((result as PromiseRejectedResult).reason).toBeInstanceOf(InvalidAppendError);
      }
      expect(unhandled).toEqual([]);
      expect((await store.appendToStream(streamId, newEvents(1), 'no_stream')).nextExpectedRevision).toBe(0n);
    });

    it('metadata JSON cannot serialise: InvalidAppendError', async () => {
      const result = await settledWithin(store.appendToStream(newStreamId(), [{ ...newEvents(1)[0], metadata: { revisedAt: 1n } }], 'any'), 5_000, 'the append');
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(InvalidAppendError);
    });

    it('event ids that are not UUIDs: InvalidAppendError, and the node never sees them', async () => {
      const streamId = newStreamId();
      for (const id of ['event-1', '00000000-0000-0000-0000-000000000000']) {
        const result = await settledWithin(store.appendToStream(streamId, [{ ...newEvents(1)[0], id }], 'any'), 5_000, 'the append');
        expect((result as PromiseRejectedResult).reason).toBeInstanceOf(InvalidAppendError);
      }
      expect(double.log.eventsOf(streamId)).toEqual([]);
    });

    it('stream names starting with $, which $all subscriptions never deliver: InvalidAppendError', async () => {
      const error = await rejectionOf(store.appendToStream(`$${newStreamId()}`, newEvents(1), 'any'));
      expect(error).toBeInstanceOf(InvalidAppendError);
    });

    it('an append over the node’s 1 MiB limit: AppendTooLargeError, a port error', async () => {
      const streamId = newStreamId();
      const big: EventToAppend = { ...newEvents(1)[0], data: { body: 'ع'.repeat(600_000) } };

      const error = await rejectionOf(store.appendToStream(streamId, [big], 'no_stream'));

      expect(error).toBeInstanceOf(AppendTooLargeError);
      expect(error).toMatchObject({ streamId, maxAppendSize: 1_048_576 });
      expect(double.log.eventsOf(streamId)).toEqual([]);
    });
  });

  describe('unknown outcomes: the adapter learns whether its append landed', () => {
    const faults: AppendFault[] = ['not_ready', 'unavailable_before_commit', 'unavailable_after_commit', 'deadline_before_commit', 'timeout_after_commit', 'late_commit', 'lost_reply'];

    for (const fault of faults) {
      for (const expected of ['exact', 'any'] as const) {
        it(`${fault}, expected revision ${expected}: answered once, written once`, async () => {
          const streamId = newStreamId();
          await store.appendToStream(streamId, newEvents(2), 'no_stream');
          const events = newEvents(3);
          const revision: ExpectedRevision = expected === 'exact' ? 1n : 'any';
          double.injectAppendFaults(fault);

          const result = await store.appendToStream(streamId, events, revision);

          const stored = double.log.eventsOf(streamId);
          expect(stored.map((record) => record.id).slice(2)).toEqual(events.map((event) => event.id));
          expect(stored).toHaveLength(5);
          expect(result.nextExpectedRevision).toBe(4n);
          expect(result.position).toEqual({ commit: stored[4].position, prepare: stored[4].position });
          expect(double.calls.faults).toContain(fault);
        });
      }
    }

    it('a new stream (no_stream) whose first attempt committed late is created once', async () => {
      const streamId = newStreamId();
      const events = newEvents(2);
      double.injectAppendFaults('late_commit');

      const result = await store.appendToStream(streamId, events, 'no_stream');

      expect(result.nextExpectedRevision).toBe(1n);
      expect(double.log.eventsOf(streamId).map((record) => record.id)).toEqual(events.map((event) => event.id));
    });

    it('when no round settles it: AppendOutcomeUnknownError; the retry with the same ids answers the true outcome', async () => {
      const streamId = newStreamId();
      await store.appendToStream(streamId, newEvents(1), 'no_stream');
      const events = newEvents(2);
      // The first attempt and every re-send of the recovery rounds time out; the first one lands later.
      double.injectAppendFaults('late_commit', 'deadline_before_commit', 'deadline_before_commit', 'deadline_before_commit');

      const error = await rejectionOf(store.appendToStream(streamId, events, 0n));

      expect(error).toBeInstanceOf(AppendOutcomeUnknownError);
      expect(error).toMatchObject({ streamId, eventIds: events.map((event) => event.id) });
      const retried = await store.appendToStream(streamId, events, 0n);
      expect(retried.nextExpectedRevision).toBe(2n);
      expect(double.log.eventsOf(streamId).map((record) => record.id).slice(1)).toEqual(events.map((event) => event.id));
      // A different command at the same expected revision is told the truth: it lost.
      await expect(store.appendToStream(streamId, newEvents(1), 0n)).rejects.toMatchObject({ name: 'WrongExpectedRevisionError' });
    });
  });

  describe('subscriptions', () => {
    it('a subscription confirmed then failing the same way again and again backs off, reports each retry, and health() says so', async () => {
      const warnings: Record<string, unknown>[] = [];
      const retries: SubscriptionRetry[] = [];
      const watched = createEventStoreDbEventStore(double.connectionString, {
        ...faultTolerant,
        logger: { warn: (_message, context) => void warnings.push(context ?? {}) },
      });
      const head = await watched.headPosition();
      const streamId = newStreamId();
      await watched.appendToStream(streamId, newEvents(1), 'no_stream');
      double.failSubscriptionsAfterConfirmation(6);
      const seen: RecordedEvent[] = [];
      let unhealthy: ReturnType<EventStoreDbEventStore['health']> | undefined;
      const subscription = watched.subscribeToAll({
        ...(head ? { after: head } : {}),
        onEvent: (event) => void seen.push(event),
        onRetry: (retry) => {
          retries.push(retry);
          // Read here, not after a wait: the next subscription may deliver before a poll comes round.
          if (retry.consecutiveFailures === 6) unhealthy = watched.health();
        },
      });

      await waitUntil(() => retries.length >= 6, 'six drops were retried');
      await waitUntil(() => seen.length === 1, 'the event arrived once the node served the subscription again');
      await waitUntil(() => watched.health().ok, 'health recovered');

      expect(retries.map((retry) => retry.delayMs)).toEqual([20, 40, 80, 160, 200, 200]);
      expect(retries.map((retry) => retry.consecutiveFailures)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(warnings.map((warning) => warning.delayMs)).toEqual([20, 40, 80, 160, 200, 200]);
      expect(unhealthy).toMatchObject({ ok: false, failingSubscriptions: 1 });
      expect(unhealthy?.lastError).toEqual(expect.any(String));
      await subscription.stop();
      await watched.close();
    });

    it('a checkpoint that is not a record boundary of this log: ForeignPositionError from readAll and onError, no retry loop', async () => {
      const streamId = newStreamId();
      await store.appendToStream(streamId, newEvents(1), 'no_stream');
      const [event] = await store.readStream(streamId);
      // Read models built on the SQLite store would hold a checkpoint like this one.
      const foreign = { commit: event.position.commit + 1n, prepare: event.position.prepare + 1n };
      const errors: Error[] = [];
      const retries: SubscriptionRetry[] = [];

      const readError = await rejectionOf(store.readAll({ after: foreign }));
      const subscription = store.subscribeToAll({ after: foreign, onEvent: () => undefined, onError: (error) => void errors.push(error), onRetry: (retry) => void retries.push(retry) });
      await waitUntil(() => errors.length === 1, 'the subscription failed');
      await subscription.stop();

      expect(readError).toBeInstanceOf(ForeignPositionError);
      expect(errors[0]).toBeInstanceOf(ForeignPositionError);
      expect(retries).toEqual([]);
    });
  });

  it('deleteStream with any tombstones an existing stream without sending stream_exists, and refuses a missing one', async () => {
    const streamId = newStreamId();
    await store.appendToStream(streamId, newEvents(2), 'no_stream');
    const before = double.calls.tombstones.length;

    await store.deleteStream(streamId, 'any');
    const missing = await rejectionOf(store.deleteStream(newStreamId(), 'any'));

    expect(double.calls.tombstones.slice(before)).toEqual([{ kind: 'any' }]);
    expect(double.log.isTombstoned(streamId)).toBe(true);
    expect(missing).toBeInstanceOf(StreamNotFoundError);
  });

  it('soak: seeded faults on appends and dropped subscriptions lose and duplicate nothing', async () => {
    const random = seeded(batchAppend ? 16 : 61);
    const faultKinds: AppendFault[] = ['not_ready', 'unavailable_before_commit', 'unavailable_after_commit', 'deadline_before_commit', 'timeout_after_commit', 'late_commit', 'lost_reply'];
    const head = await store.headPosition();
    const streams = Array.from({ length: 5 }, () => newStreamId());
    const written = new Map<string, string[]>(streams.map((stream) => [stream, []]));
    const delivered: RecordedEvent[] = [];
    const subscription = store.subscribeToAll({ ...(head ? { after: head } : {}), onEvent: (event) => void delivered.push(event) });
    let unknownOutcomes = 0;

    for (let command = 0; command < 40; command += 1) {
      const streamId = streams[command % streams.length];
      const before = written.get(streamId)!;
      const expected: ExpectedRevision = before.length === 0 ? 'no_stream' : BigInt(before.length - 1);
      const events = Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({ ...newEvents(1)[0], id: randomUUID() }));
      if (random() < 0.4) double.injectAppendFaults(faultKinds[Math.floor(random() * faultKinds.length)]);
      if (random() < 0.15) double.dropSubscriptions();
      // As an HTTP client with an Idempotency-Key does: the same command again until it is answered.
      for (;;) {
        try {
          await store.appendToStream(streamId, events, expected);
          break;
        } catch (error) {
          if (!(error instanceof AppendOutcomeUnknownError)) throw error;
          unknownOutcomes += 1;
        }
      }
      before.push(...events.map((event) => event.id));
    }

    const total = [...written.values()].reduce((sum, ids) => sum + ids.length, 0);
    await waitUntil(() => delivered.length >= total, 'the subscription delivered every event');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await subscription.stop();
    for (const streamId of streams) {
      expect(double.log.eventsOf(streamId).map((record) => record.id)).toEqual(written.get(streamId));
      expect(delivered.filter((event) => event.streamId === streamId).map((event) => event.id)).toEqual(written.get(streamId));
    }
    expect(delivered).toHaveLength(total);
    expect(double.calls.faults.length).toBeGreaterThan(5);
    expect(unknownOutcomes).toBeGreaterThanOrEqual(0);
  });
});

describe('EventStoreDbEventStore connection handling', () => {
  it('tells a single host from gossip seeds and +discover', () => {
    expect(isSingleHostConnectionString('esdb://localhost:2113?tls=false')).toBe(true);
    expect(isSingleHostConnectionString('esdb://admin:changeit@10.0.0.1:2113')).toBe(true);
    expect(isSingleHostConnectionString('esdb://a:2113,b:2113,c:2113?tls=false')).toBe(false);
    expect(isSingleHostConnectionString('esdb+discover://cluster.example:2113')).toBe(false);
    expect(isSingleHostConnectionString('ESDB+DISCOVER://cluster.example')).toBe(false);
  });

  it('close() on a multi-host connection string without +discover starts no discovery', async () => {
    const first = await EsdbWireDouble.start();
    const second = await EsdbWireDouble.start();
    try {
      const store = createEventStoreDbEventStore(`esdb://127.0.0.1:${first.port},127.0.0.1:${second.port}?tls=false&maxDiscoverAttempts=2&discoveryInterval=10`);

      const closed = await settledWithin(store.close(), 10_000, 'close()');

      expect(closed.status).toBe('fulfilled');
      expect(first.calls.gossipReads + second.calls.gossipReads).toBe(0);
    } finally {
      await first.stop();
      await second.stop();
    }
  });

  it('deadlines are the node’s: a node whose clock runs an hour ahead times every batch append out, and nothing is written', async () => {
    const ahead = await EsdbWireDouble.start({ clockSkewMs: 3_600_000 });
    const store = createEventStoreDbEventStore(ahead.connectionString, faultTolerant);
    try {
      const streamId = newStreamId();
      const error = await rejectionOf(store.appendToStream(streamId, newEvents(1), 'no_stream'));

      expect(error).toBeInstanceOf(AppendOutcomeUnknownError);
      expect(ahead.log.eventsOf(streamId)).toEqual([]);
      expect(ahead.calls.batchAppends).toBe(0);
    } finally {
      await store.close();
      await ahead.stop();
    }
  });
});

describe('waitUntilWritable', () => {
  it('resolves only once the node has written an event, not while it is alive but refusing writes', async () => {
    const double = await EsdbWireDouble.start();
    try {
      double.injectAppendFaults('not_ready', 'unavailable_before_commit', 'not_ready');
      const failures: string[] = [];

      const attempts = await waitUntilWritable(double.connectionString, { intervalMs: 10, onAttemptFailed: (error) => void failures.push(error.message) });

      expect(failures).toHaveLength(attempts - 1);
      expect(attempts).toBeGreaterThanOrEqual(3);
      expect(double.log.eventsOf(WRITE_CHECK_STREAM).map((record) => record.type)).toEqual(['WriteChecked']);
      expect(double.pendingFaults).toBe(0);
    } finally {
      await double.stop();
    }
  });

  it('gives up after its timeout when no write gets through', async () => {
    const double = await EsdbWireDouble.start();
    try {
      double.injectAppendFaults(...Array.from({ length: 1000 }, () => 'not_ready' as const));
      await expect(waitUntilWritable(double.connectionString, { intervalMs: 10, timeoutMs: 200 })).rejects.toThrow('accepted no write');
    } finally {
      await double.stop();
    }
  });
});
