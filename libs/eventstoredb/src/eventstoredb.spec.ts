import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import {
  comparePositions,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
  type EventStore,
  type Position,
  type RecordedEvent,
  type Subscription,
} from '#event-store';
import { describeEventStoreContract, EsdbWireDouble, newEvents, newStreamId, waitUntil, type LogRecord } from '#testing';
import { createEventStoreDbEventStore, type EventStoreDbEventStore } from './index.js';

const fastResubscribe = { resubscribe: { initialDelayMs: 20, maxDelayMs: 200 } };

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('Expected a rejection');
    },
    (error: unknown) => error,
  );
}

const isSystem = (record: Pick<LogRecord, 'streamId' | 'type'>): boolean => record.streamId.startsWith('$') || record.type.startsWith('$');

describe('EventStoreDbEventStore over real gRPC against the wire double', () => {
  let double: EsdbWireDouble;

  beforeAll(async () => {
    double = await EsdbWireDouble.start();
  });

  afterAll(async () => {
    await double.stop();
  });

  describeEventStoreContract('EventStoreDB (wire double, appends over Streams.BatchAppend)', () => ({
    open: async () => createEventStoreDbEventStore(double.connectionString, fastResubscribe),
    reopen: async (store) => {
      await store.close();
      // Reopening here also restarts the node: the log must come back as it was.
      await double.restart();
      return createEventStoreDbEventStore(double.connectionString, fastResubscribe);
    },
    cleanup: async () => undefined,
  }));

  it('sent those appends over Streams.BatchAppend, as a client of a 24.10 node does', () => {
    expect(double.calls.batchAppends).toBeGreaterThan(50);
    expect(double.calls.appends).toBe(0);
  });

  describe('adapter specifics', () => {
    let store: EventStoreDbEventStore;
    const subscriptions: Subscription[] = [];

    beforeAll(() => {
      store = createEventStoreDbEventStore(double.connectionString, fastResubscribe);
    });

    afterEach(async () => {
      await Promise.all(subscriptions.splice(0).map((subscription) => subscription.stop()));
    });

    afterAll(async () => {
      await store.close();
    });

    it('resubscribes after the node drops every connection, delivering each event exactly once and in order', async () => {
      const warnings: Record<string, unknown>[] = [];
      const seen: RecordedEvent[] = [];
      let deliveredAtFirstDrop: RecordedEvent | undefined;
      const resilient = createEventStoreDbEventStore(double.connectionString, {
        ...fastResubscribe,
        logger: {
          warn: (_message, context) => {
            deliveredAtFirstDrop ??= seen[seen.length - 1];
            warnings.push(context ?? {});
          },
        },
      });
      const head = await resilient.headPosition();
      const streamId = newStreamId();
      const before = newEvents(6);
      await resilient.appendToStream(streamId, before, 'no_stream');
      let release: () => void = () => undefined;
      const blocked = new Promise<void>((resolve) => {
        release = resolve;
      });
      const errors: Error[] = [];
      let caughtUp = 0;
      const subscription = resilient.subscribeToAll({
        ...(head ? { after: head } : {}),
        onEvent: async (event) => {
          seen.push(event);
          // Hold the second event while the server has already sent the rest.
          if (seen.length === 2) await blocked;
        },
        onCaughtUp: () => {
          caughtUp += 1;
        },
        onError: (error) => errors.push(error),
      });
      subscriptions.push(subscription);
      await waitUntil(() => seen.length === 2, 'the second handler started');

      await double.stop();
      // Let the client see the drop while events it received are still waiting behind the handler.
      await new Promise((resolve) => setTimeout(resolve, 100));
      release();
      await waitUntil(() => warnings.length >= 3, 'resubscription was retried while the node was down');
      await double.restart();
      const after = newEvents(4);
      await resilient.appendToStream(streamId, after, 5n);
      await waitUntil(() => seen.length >= 10 && caughtUp >= 1, 'every event arrived after the restart');

      expect(seen.map((event) => event.id)).toEqual([...before, ...after].map((event) => event.id));
      expect(seen.map((event) => event.revision)).toEqual(Array.from({ length: 10 }, (_, index) => BigInt(index)));
      // The first subscription dropped before it had delivered its history; only the second caught up.
      expect(caughtUp).toBe(1);
      expect(errors).toEqual([]);
      const resumedAfter = deliveredAtFirstDrop!.position;
      expect(warnings[0]).toMatchObject({ after: `${resumedAfter.commit}/${resumedAfter.prepare}` });
      await subscription.stop();
      await resilient.close();
    });

    it('pauses the gRPC stream while a handler runs, so a flood reaches the server as backpressure', async () => {
      const head = await store.headPosition();
      const streamId = newStreamId();
      const seen: RecordedEvent[] = [];
      const deliveredAtCaughtUp: number[] = [];
      let releaseHandler!: () => void;
      const everythingAppended = new Promise<void>((resolve) => {
        releaseHandler = resolve;
      });
      const subscription = store.subscribeToAll({
        ...(head ? { after: head } : {}),
        onEvent: async (event) => {
          seen.push(event);
          // The first handler holds until the whole flood is written, however fast this machine appends.
          await everythingAppended;
        },
        onCaughtUp: () => void deliveredAtCaughtUp.push(seen.length),
      });
      subscriptions.push(subscription);
      await waitUntil(() => deliveredAtCaughtUp.length === 1, 'the subscription caught up');

      const padding = 'ع'.repeat(8_000);
      const appended: string[] = [];
      for (let batch = 0; batch < 30; batch += 1) {
        const events = newEvents(10).map((event) => ({ ...event, data: { padding, batch } }));
        await store.appendToStream(streamId, events, batch === 0 ? 'no_stream' : BigInt(batch * 10 - 1));
        appended.push(...events.map((event) => event.id));
      }
      await waitUntil(() => seen.length >= 1, 'the first handler started');
      expect(seen).toHaveLength(1);
      releaseHandler();
      await waitUntil(() => seen.length === 300 && deliveredAtCaughtUp.length >= 2, 'every event arrived and the server caught the subscription up again', 20_000);

      expect(seen.map((event) => event.id)).toEqual(appended);
      // The server only falls behind when its writes block: it caught the subscription up again from where it was.
      expect(deliveredAtCaughtUp[0]).toBe(0);
      expect(deliveredAtCaughtUp.length).toBeGreaterThanOrEqual(2);
    });

    it('raises the port typed errors, as the SQLite adapter does', async () => {
      const streamId = newStreamId();
      await store.appendToStream(streamId, newEvents(2), 'no_stream');

      const wrong = await rejectionOf(store.appendToStream(streamId, newEvents(1), 0n));
      const missing = await rejectionOf(store.readStream(newStreamId()));
      const deleteMissing = await Promise.all(['any', 'no_stream'].map((expected) => rejectionOf(store.deleteStream(newStreamId(), expected as 'any'))));
      const deleteNoStream = await rejectionOf(store.deleteStream(streamId, 'no_stream'));
      const deleteExistsMissing = await rejectionOf(store.deleteStream(newStreamId(), 'stream_exists'));
      await store.deleteStream(streamId, 1n);
      const appendDeleted = await rejectionOf(store.appendToStream(streamId, newEvents(1), 'any'));
      const readDeleted = await rejectionOf(store.readStream(streamId));
      const deleteDeleted = await rejectionOf(store.deleteStream(streamId, 'any'));

      expect(wrong).toBeInstanceOf(WrongExpectedRevisionError);
      expect(wrong).toMatchObject({ streamId, expected: 0n, actual: 1n });
      expect(missing).toBeInstanceOf(StreamNotFoundError);
      for (const error of deleteMissing) expect(error).toBeInstanceOf(StreamNotFoundError);
      expect(deleteNoStream).toBeInstanceOf(WrongExpectedRevisionError);
      expect(deleteNoStream).toMatchObject({ streamId, expected: 'no_stream', actual: 1n });
      expect(deleteExistsMissing).toBeInstanceOf(WrongExpectedRevisionError);
      expect(deleteExistsMissing).toMatchObject({ expected: 'stream_exists', actual: 'no_stream' });
      expect(appendDeleted).toBeInstanceOf(StreamDeletedError);
      expect(readDeleted).toBeInstanceOf(StreamDeletedError);
      expect(deleteDeleted).toBeInstanceOf(StreamDeletedError);
      expect(readDeleted).toMatchObject({ streamId });
    });

    it('keeps system records out of readAll, subscriptions and headPosition', async () => {
      const head = await store.headPosition();
      const kept = newStreamId();
      const deleted = newStreamId();
      await store.appendToStream(deleted, newEvents(1), 'no_stream');
      await store.deleteStream(deleted, 0n);
      await store.appendToStream(kept, newEvents(2), 'no_stream');
      double.log.appendSystemRecord(`$$${kept}`, '$metadata', { $maxCount: 10 });
      const userRecords = double.log.records.filter((record) => !isSystem(record));
      expect(isSystem(double.log.records[double.log.records.length - 1])).toBe(true);
      expect(double.log.records.filter(isSystem).map((record) => record.type)).toEqual(expect.arrayContaining(['update-default-acl', '$metadata', '$streamDeleted']));

      const page = await store.readAll({ ...(head ? { after: head } : {}) });
      const fromStart: RecordedEvent[] = [];
      const subscription = store.subscribeToAll({ onEvent: (event) => void fromStart.push(event) });
      subscriptions.push(subscription);
      await waitUntil(() => fromStart.length === userRecords.length, 'the subscription replayed every user event');
      await new Promise((resolve) => setTimeout(resolve, 50));

      expect(page.events.map((event) => event.streamId)).toEqual([deleted, kept, kept]);
      expect(fromStart.map((event) => event.id)).toEqual(userRecords.map((record) => record.id));
      expect(fromStart.filter(isSystem)).toEqual([]);
      expect(await store.headPosition()).toEqual(page.events[2].position);
    });
  });

  describe('with BatchAppend hidden', () => {
    let plainDouble: EsdbWireDouble;

    beforeAll(async () => {
      plainDouble = await EsdbWireDouble.start({ batchAppend: false });
    });

    afterAll(async () => {
      await plainDouble.stop();
    });

    describeEventStoreContract('EventStoreDB (wire double, appends over Streams.Append)', () => ({
      open: async () => createEventStoreDbEventStore(plainDouble.connectionString, fastResubscribe),
      reopen: async (store) => {
        await store.close();
        await plainDouble.restart();
        return createEventStoreDbEventStore(plainDouble.connectionString, fastResubscribe);
      },
      cleanup: async () => undefined,
    }));

    it('sent those appends over Streams.Append', () => {
      expect(plainDouble.calls.appends).toBeGreaterThan(50);
      expect(plainDouble.calls.batchAppends).toBe(0);
    });
  });

  describe('positions beyond 2^53', () => {
    let farDouble: EsdbWireDouble;
    let store: EventStore;

    beforeAll(async () => {
      // Neighbouring positions up here are closer than a double can tell apart.
      farDouble = await EsdbWireDouble.start({ firstPosition: 2n ** 60n + 1n });
      store = createEventStoreDbEventStore(farDouble.connectionString, fastResubscribe);
    });

    afterAll(async () => {
      await store.close();
      await farDouble.stop();
    });

    it('keeps commit and prepare positions exact through append, reads and subscriptions', async () => {
      const streamId = newStreamId();
      const result = await store.appendToStream(streamId, newEvents(4), 'no_stream');
      const stored = farDouble.log.eventsOf(streamId).map((record): Position => ({ commit: record.position, prepare: record.position }));
      expect(stored[0].commit).toBeGreaterThan(2n ** 53n);
      expect(stored.some((position) => BigInt(Number(position.commit)) !== position.commit)).toBe(true);

      const read = await store.readStream(streamId);
      const afterFirst = await store.readAll({ after: stored[0] });
      const head = await store.headPosition();
      const live: RecordedEvent[] = [];
      const subscription = store.subscribeToAll({ after: stored[1], onEvent: (event) => void live.push(event) });
      await waitUntil(() => live.length === 2, 'the subscription delivered the events after the second');
      await subscription.stop();

      expect(result.position).toEqual(stored[3]);
      expect(read.map((event) => event.position)).toEqual(stored);
      expect(afterFirst.events.map((event) => event.position)).toEqual(stored.slice(1));
      expect(head).toEqual(stored[3]);
      expect(live.map((event) => event.position)).toEqual(stored.slice(2));
      for (let index = 1; index < read.length; index += 1) expect(comparePositions(read[index - 1].position, read[index].position)).toBe(-1);
    });
  });
});
