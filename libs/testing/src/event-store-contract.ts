import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  comparePositions,
  InvalidAppendError,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
  type EventStore,
  type EventToAppend,
  type Position,
  type RecordedEvent,
  type Subscription,
} from '#event-store';

/**
 * What an adapter's spec hands to the contract. One fixture is created per test; its storage
 * may be shared with other tests (stream names are unique per test, and the suite never assumes
 * an empty global log), but nothing else writes to it while a test runs.
 */
export interface EventStoreContractFixture {
  open(): Promise<EventStore>;
  /** Close the given store and open the same storage again. */
  reopen(store: EventStore): Promise<EventStore>;
  /** Called after the test's current store was closed. */
  cleanup(): Promise<void>;
}

export const ARABIC_AND_EMOJI_SAMPLES = {
  tashkeel: 'قَالَ الْمُتَحَدِّثُ إِنَّ الْخَبَرَ صَحِيحٌ',
  tatweel: 'الـــــعـــــربـــــيـــــة',
  rightToLeftMark: 'عنوان\u200F123',
  arabicLetterMark: '\u061C٪٥٠ من الأصوات',
  easternArabicDigits: '٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹',
  emoji: '📰✅❌ 👩🏽‍💻 🇸🇦 🏳️‍🌈',
  mixed: 'Breaking: الرئيس 🇯🇴 said ١٢ times\u200E (v2)',
} as const;

export function newStreamId(): string {
  return `article-${randomUUID()}`;
}

export function newEvent(type = 'SomethingHappened', data: unknown = { value: randomUUID() }, metadata: EventToAppend['metadata'] = {}): EventToAppend {
  return {
    id: randomUUID(),
    type,
    data,
    metadata: { userId: 'user-1', at: new Date().toISOString(), correlationId: randomUUID(), ...metadata },
  };
}

export function newEvents(count: number, type = 'SomethingHappened'): EventToAppend[] {
  return Array.from({ length: count }, (_, index) => newEvent(type, { index }));
}

/** Polls until the predicate holds; fails with the message after the timeout. */
export async function waitUntil(predicate: () => boolean, message: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the promise to reject, but it resolved');
}

function afterOption(position: Position | null): { after?: Position } {
  return position ? { after: position } : {};
}

interface Recorder {
  events: RecordedEvent[];
  caughtUp: number;
  /** How many events had been delivered each time onCaughtUp was called. */
  deliveredAtCaughtUp: number[];
  errors: Error[];
  subscription: Subscription;
  inStreams(...streamIds: string[]): RecordedEvent[];
}

function record(store: EventStore, after: Position | null, onEvent?: (event: RecordedEvent) => Promise<void> | void): Recorder {
  const recorder = { events: [] as RecordedEvent[], caughtUp: 0, deliveredAtCaughtUp: [] as number[], errors: [] as Error[] } as Recorder;
  recorder.inStreams = (...streamIds) => recorder.events.filter((event) => streamIds.includes(event.streamId));
  recorder.subscription = store.subscribeToAll({
    ...afterOption(after),
    onEvent: async (event) => {
      recorder.events.push(event);
      await onEvent?.(event);
    },
    onCaughtUp: () => {
      recorder.caughtUp += 1;
      recorder.deliveredAtCaughtUp.push(recorder.events.length);
    },
    onError: (error) => {
      recorder.errors.push(error);
    },
  });
  return recorder;
}

export function describeEventStoreContract(adapterName: string, createFixture: () => EventStoreContractFixture | Promise<EventStoreContractFixture>): void {
  describe(`EventStore contract: ${adapterName}`, () => {
    let fixture: EventStoreContractFixture;
    let store: EventStore;
    const subscriptions: Subscription[] = [];

    const subscribe = (after: Position | null, onEvent?: (event: RecordedEvent) => Promise<void> | void): Recorder => {
      const recorder = record(store, after, onEvent);
      subscriptions.push(recorder.subscription);
      return recorder;
    };

    beforeEach(async () => {
      fixture = await createFixture();
      store = await fixture.open();
    });

    afterEach(async () => {
      await Promise.all(subscriptions.splice(0).map((subscription) => subscription.stop()));
      await store.close();
      await fixture.cleanup();
    });

    describe('appendToStream and readStream', () => {
      it('appends events atomically and reads them back with revision, position and recordedAt', async () => {
        const streamId = newStreamId();
        const events = newEvents(3, 'ArticleDrafted');
        const before = Date.now();

        const result = await store.appendToStream(streamId, events, 'no_stream');

        expect(result.nextExpectedRevision).toBe(2n);
        const read = await store.readStream(streamId);
        expect(read.map((event) => event.id)).toEqual(events.map((event) => event.id));
        expect(read.map((event) => event.revision)).toEqual([0n, 1n, 2n]);
        read.forEach((event, index) => {
          expect(event.streamId).toBe(streamId);
          expect(event.type).toBe('ArticleDrafted');
          expect(event.data).toEqual(events[index].data);
          expect(event.metadata).toEqual(events[index].metadata);
          expect(event.recordedAt).toBeInstanceOf(Date);
          expect(event.recordedAt.getTime()).toBeGreaterThan(before - 60_000);
          expect(event.recordedAt.getTime()).toBeLessThan(Date.now() + 60_000);
        });
        expect(read[2].position).toEqual(result.position);
        expect(comparePositions(read[0].position, read[1].position)).toBe(-1);
        expect(comparePositions(read[1].position, read[2].position)).toBe(-1);
      });

      it('keeps every metadata field, including ones the port does not name', async () => {
        const streamId = newStreamId();
        const metadata = { userId: 'editor-7', at: '2026-11-29T03:00:00.000Z', correlationId: randomUUID(), causationId: randomUUID(), idempotencyKey: 'key-1', nested: { roles: ['editor'] } };
        await store.appendToStream(streamId, [newEvent('ArticleDrafted', { title: 't' }, metadata)], 'any');

        const [event] = await store.readStream(streamId);

        expect(event.metadata).toEqual(metadata);
      });

      it('uses bigint revisions and positions throughout', async () => {
        const streamId = newStreamId();
        const first = await store.appendToStream(streamId, newEvents(2), 'no_stream');
        const second = await store.appendToStream(streamId, newEvents(1), first.nextExpectedRevision);

        expect(typeof first.nextExpectedRevision).toBe('bigint');
        expect(second.nextExpectedRevision).toBe(2n);
        expect(typeof second.position.commit).toBe('bigint');
        expect(typeof second.position.prepare).toBe('bigint');
        const events = await store.readStream(streamId, { fromRevision: 1n });
        expect(events.map((event) => event.revision)).toEqual([1n, 2n]);
        expect(typeof events[0].position.commit).toBe('bigint');
      });

      it('reads a stream from a revision, inclusive, limited by maxCount', async () => {
        const streamId = newStreamId();
        await store.appendToStream(streamId, newEvents(10), 'no_stream');

        const fromFour = await store.readStream(streamId, { fromRevision: 4n });
        const twoFromSeven = await store.readStream(streamId, { fromRevision: 7n, maxCount: 2 });
        const pastTheEnd = await store.readStream(streamId, { fromRevision: 10n });

        expect(fromFour.map((event) => event.revision)).toEqual([4n, 5n, 6n, 7n, 8n, 9n]);
        expect(fromFour.map((event) => (event.data as { index: number }).index)).toEqual([4, 5, 6, 7, 8, 9]);
        expect(twoFromSeven.map((event) => event.revision)).toEqual([7n, 8n]);
        expect(pastTheEnd).toEqual([]);
      });

      it('refuses, writing nothing, what no store can take: $ names, ids that are not UUIDs, data JSON cannot serialise', async () => {
        const head = await store.headPosition();
        const streamId = newStreamId();
        const circular: Record<string, unknown> = {};
        circular.self = circular;
        const attempts: [string, EventToAppend[]][] = [
          [`$${streamId}`, newEvents(1)],
          [streamId, [{ ...newEvent(), type: '$metadata' }]],
          [streamId, [{ ...newEvent(), id: 'not-a-uuid' }]],
          [streamId, [{ ...newEvent(), id: '00000000-0000-0000-0000-000000000000' }]],
          [streamId, [newEvent(), { ...newEvent(), data: { count: 1n } }]],
          [streamId, [{ ...newEvent(), data: circular }]],
          [streamId, [{ ...newEvent(), metadata: { at: 'now', revision: 2n } as unknown as EventToAppend['metadata'] }]],
        ];

        for (const [stream, events] of attempts) {
          const error = await rejectionOf(store.appendToStream(stream, events, 'any'));
          expect(error).toBeInstanceOf(InvalidAppendError);
        }

        expect(await rejectionOf(store.readStream(streamId))).toBeInstanceOf(StreamNotFoundError);
        expect((await store.readAll({ ...afterOption(head) })).events).toEqual([]);
        expect((await store.appendToStream(streamId, newEvents(1), 'no_stream')).nextExpectedRevision).toBe(0n);
      });

      it('raises StreamNotFoundError when reading a stream that has no events', async () => {
        const streamId = newStreamId();

        const error = await rejectionOf(store.readStream(streamId));

        expect(error).toBeInstanceOf(StreamNotFoundError);
        expect((error as StreamNotFoundError).streamId).toBe(streamId);
      });
    });

    describe('expected revision', () => {
      async function streamWithEvents(count: number): Promise<string> {
        const streamId = newStreamId();
        await store.appendToStream(streamId, newEvents(count), 'no_stream');
        return streamId;
      }

      async function expectWrongRevision(streamId: string, expected: Parameters<EventStore['appendToStream']>[2], actual: bigint | 'no_stream'): Promise<void> {
        const before = await store.readStream(streamId).catch((error: unknown) => error);
        const events = newEvents(2);

        const error = await rejectionOf(store.appendToStream(streamId, events, expected));

        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect((error as WrongExpectedRevisionError).streamId).toBe(streamId);
        expect((error as WrongExpectedRevisionError).expected).toBe(expected);
        expect((error as WrongExpectedRevisionError).actual).toBe(actual);
        const after = await store.readStream(streamId).catch((readError: unknown) => readError);
        expect(after).toEqual(before);
        const page = await store.readAll({ after: (await store.headPosition()) ?? undefined });
        expect(page.events).toEqual([]);
      }

      it('no_stream creates a new stream', async () => {
        const streamId = newStreamId();
        const result = await store.appendToStream(streamId, newEvents(1), 'no_stream');
        expect(result.nextExpectedRevision).toBe(0n);
      });

      it('no_stream fails on an existing stream and writes nothing', async () => {
        await expectWrongRevision(await streamWithEvents(1), 'no_stream', 0n);
      });

      it('any appends to a new and to an existing stream', async () => {
        const streamId = newStreamId();
        expect((await store.appendToStream(streamId, newEvents(2), 'any')).nextExpectedRevision).toBe(1n);
        expect((await store.appendToStream(streamId, newEvents(1), 'any')).nextExpectedRevision).toBe(2n);
      });

      it('stream_exists appends to an existing stream', async () => {
        const streamId = await streamWithEvents(3);
        expect((await store.appendToStream(streamId, newEvents(1), 'stream_exists')).nextExpectedRevision).toBe(3n);
      });

      it('stream_exists fails on a new stream and writes nothing', async () => {
        await expectWrongRevision(newStreamId(), 'stream_exists', 'no_stream');
      });

      it('an exact revision equal to the current one appends', async () => {
        const streamId = await streamWithEvents(3);
        const result = await store.appendToStream(streamId, newEvents(2), 2n);
        expect(result.nextExpectedRevision).toBe(4n);
        expect((await store.readStream(streamId)).map((event) => event.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
      });

      it('a stale exact revision fails and writes nothing', async () => {
        await expectWrongRevision(await streamWithEvents(3), 1n, 2n);
      });

      it('an exact revision ahead of the stream fails and writes nothing', async () => {
        await expectWrongRevision(await streamWithEvents(3), 5n, 2n);
      });

      it('an exact revision on a new stream fails and writes nothing', async () => {
        await expectWrongRevision(newStreamId(), 0n, 'no_stream');
      });

      it('a re-sent append (same ids, same expected revision) is answered with its first outcome and written once', async () => {
        const streamId = newStreamId();
        const created = newEvents(2);
        const appended = newEvents(3);
        const first = await store.appendToStream(streamId, created, 'no_stream');
        const second = await store.appendToStream(streamId, appended, 1n);
        await store.appendToStream(streamId, newEvents(1), 4n);

        expect(await store.appendToStream(streamId, created, 'no_stream')).toEqual(first);
        expect(await store.appendToStream(streamId, appended, 1n)).toEqual(second);
        expect((await store.readStream(streamId)).map((event) => event.id).slice(0, 5)).toEqual([...created, ...appended].map((event) => event.id));
        expect(await store.readStream(streamId)).toHaveLength(6);
        const other = await rejectionOf(store.appendToStream(streamId, newEvents(3), 1n));
        expect(other).toBeInstanceOf(WrongExpectedRevisionError);
      });

      it('of 20 racing appends with the same expected revision exactly one wins', async () => {
        const streamId = await streamWithEvents(1);
        const attempts = Array.from({ length: 20 }, () => newEvents(3));

        const outcomes = await Promise.allSettled(attempts.map((events) => store.appendToStream(streamId, events, 0n)));

        const winners = outcomes.flatMap((outcome, index) => (outcome.status === 'fulfilled' ? [index] : []));
        expect(winners).toHaveLength(1);
        for (const outcome of outcomes) {
          if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(WrongExpectedRevisionError);
        }
        const stored = await store.readStream(streamId, { fromRevision: 1n });
        expect(stored.map((event) => event.id)).toEqual(attempts[winners[0]].map((event) => event.id));
      });

      it('of 20 racing stream creations exactly one wins', async () => {
        const streamId = newStreamId();

        const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => store.appendToStream(streamId, newEvents(2), 'no_stream')));

        expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
        expect(await store.readStream(streamId)).toHaveLength(2);
      });
    });

    describe('readAll and headPosition', () => {
      it('headPosition is the position of the last appended event', async () => {
        await store.appendToStream(newStreamId(), newEvents(1), 'no_stream');
        const result = await store.appendToStream(newStreamId(), newEvents(4), 'no_stream');

        expect(await store.headPosition()).toEqual(result.position);
      });

      it('pages through the log in commit order, strictly after the given position', async () => {
        const head = await store.headPosition();
        const streams = [newStreamId(), newStreamId(), newStreamId()];
        const appended: string[] = [];
        for (let index = 0; index < 25; index += 1) {
          const events = newEvents(1);
          await store.appendToStream(streams[index % 3], events, 'any');
          appended.push(events[0].id);
        }

        const pages = [];
        let after = head;
        for (;;) {
          const page = await store.readAll({ ...afterOption(after), maxCount: 10 });
          pages.push(page);
          if (page.isEnd) break;
          after = page.events[page.events.length - 1].position;
        }

        expect(pages.map((page) => page.events.length)).toEqual([10, 10, 5]);
        expect(pages.map((page) => page.isEnd)).toEqual([false, false, true]);
        const all = pages.flatMap((page) => page.events);
        expect(all.map((event) => event.id)).toEqual(appended);
        for (let index = 1; index < all.length; index += 1) {
          expect(comparePositions(all[index - 1].position, all[index].position)).toBe(-1);
        }
        const fromSixth = await store.readAll({ after: all[4].position, maxCount: 3 });
        expect(fromSixth.events.map((event) => event.id)).toEqual(appended.slice(5, 8));
        expect(fromSixth.isEnd).toBe(false);
        expect(await store.readAll({ after: all[24].position })).toEqual({ events: [], isEnd: true });
      });

      it('keeps the events of a multi-event append together and in order in the log', async () => {
        const head = await store.headPosition();
        const streamId = newStreamId();
        const events = newEvents(10);
        const result = await store.appendToStream(streamId, events, 'no_stream');

        const page = await store.readAll({ ...afterOption(head), maxCount: 100 });

        expect(page.events.map((event) => event.id)).toEqual(events.map((event) => event.id));
        expect(page.events.map((event) => event.revision)).toEqual(events.map((_, index) => BigInt(index)));
        expect(page.events[9].position).toEqual(result.position);
        expect(page.isEnd).toBe(true);
      });

      it('reads from the beginning when no position is given', async () => {
        const streamId = newStreamId();
        await store.appendToStream(streamId, newEvents(2), 'no_stream');

        const first = await store.readAll({ maxCount: 5 });

        expect(first.events.length).toBeGreaterThan(0);
        for (let index = 1; index < first.events.length; index += 1) {
          expect(comparePositions(first.events[index - 1].position, first.events[index].position)).toBe(-1);
        }
      });
    });

    describe('subscribeToAll', () => {
      it('replays history, signals caught-up, then delivers live events in order', async () => {
        const head = await store.headPosition();
        const streamId = newStreamId();
        const history = newEvents(3);
        await store.appendToStream(streamId, history, 'no_stream');

        const recorder = subscribe(head);
        await waitUntil(() => recorder.caughtUp > 0, 'the subscription caught up');

        const live = [newEvents(2), newEvents(1), newEvents(10)];
        let revision = 2n;
        for (const events of live) revision = (await store.appendToStream(streamId, events, revision)).nextExpectedRevision;
        await waitUntil(() => recorder.inStreams(streamId).length === 16, 'all live events arrived');

        expect(recorder.deliveredAtCaughtUp).toEqual([3]);
        expect(recorder.inStreams(streamId).map((event) => event.id)).toEqual([...history, ...live.flat()].map((event) => event.id));
        expect(recorder.inStreams(streamId).map((event) => event.revision)).toEqual(Array.from({ length: 16 }, (_, index) => BigInt(index)));
        for (let index = 1; index < recorder.events.length; index += 1) {
          expect(comparePositions(recorder.events[index - 1].position, recorder.events[index].position)).toBe(-1);
        }
        expect(recorder.errors).toEqual([]);
      });

      it('signals caught-up at once on an empty history', async () => {
        const recorder = subscribe(await store.headPosition());
        await waitUntil(() => recorder.caughtUp === 1, 'the subscription caught up');
        expect(recorder.events).toEqual([]);
      });

      it('resumes strictly after the given position', async () => {
        const streamId = newStreamId();
        await store.appendToStream(streamId, newEvents(5), 'no_stream');
        const [, , third] = await store.readStream(streamId);

        const recorder = subscribe(third.position);
        await waitUntil(() => recorder.caughtUp > 0, 'the subscription caught up');

        expect(recorder.inStreams(streamId).map((event) => event.revision)).toEqual([3n, 4n]);
      });

      it('awaits each handler before delivering the next event', async () => {
        const head = await store.headPosition();
        const streamId = newStreamId();
        await store.appendToStream(streamId, newEvents(5), 'no_stream');
        let running = 0;
        let overlapped = false;

        const recorder = subscribe(head, async () => {
          running += 1;
          if (running > 1) overlapped = true;
          await new Promise((resolve) => setTimeout(resolve, 2));
          running -= 1;
        });
        await store.appendToStream(streamId, newEvents(5), 'stream_exists');
        await waitUntil(() => recorder.inStreams(streamId).length === 10, 'all events arrived');

        expect(overlapped).toBe(false);
        expect(recorder.inStreams(streamId).map((event) => event.revision)).toEqual(Array.from({ length: 10 }, (_, index) => BigInt(index)));
      });

      it('delivers nothing once stop has resolved', async () => {
        const head = await store.headPosition();
        const streamId = newStreamId();
        await store.appendToStream(streamId, newEvents(1), 'no_stream');
        const stopped = subscribe(head);
        await waitUntil(() => stopped.caughtUp > 0 && stopped.inStreams(streamId).length === 1, 'the subscription caught up');

        await stopped.subscription.stop();
        await store.appendToStream(streamId, newEvents(3), 0n);
        const witness = subscribe(head);
        await waitUntil(() => witness.inStreams(streamId).length === 4, 'a second subscription saw the later events');
        await new Promise((resolve) => setTimeout(resolve, 50));

        expect(stopped.inStreams(streamId)).toHaveLength(1);
      });

      it('stop waits for the running handler and starts no other', async () => {
        const head = await store.headPosition();
        const streamId = newStreamId();
        await store.appendToStream(streamId, newEvents(3), 'no_stream');
        let release: () => void = () => undefined;
        const handlerBlocked = new Promise<void>((resolve) => {
          release = resolve;
        });
        let handlerFinished = false;
        const recorder = subscribe(head, async () => {
          await handlerBlocked;
          handlerFinished = true;
        });
        await waitUntil(() => recorder.events.length === 1, 'the first handler started');

        let stopResolved = false;
        const stopping = recorder.subscription.stop().then(() => {
          stopResolved = true;
        });
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(stopResolved).toBe(false);
        release();
        await stopping;

        expect(handlerFinished).toBe(true);
        expect(recorder.events).toHaveLength(1);
      });

      it('a throwing handler reaches onError and stops the subscription', async () => {
        const head = await store.headPosition();
        const streamId = newStreamId();
        await store.appendToStream(streamId, newEvents(2), 'no_stream');
        const failure = new Error('projection failed');
        const recorder = subscribe(head, (event) => {
          if (event.revision === 1n) throw failure;
        });
        await waitUntil(() => recorder.errors.length > 0, 'the error reached onError');

        await store.appendToStream(streamId, newEvents(2), 1n);
        const witness = subscribe(head);
        await waitUntil(() => witness.inStreams(streamId).length === 4, 'a second subscription saw the later events');
        await new Promise((resolve) => setTimeout(resolve, 50));

        expect(recorder.errors).toEqual([failure]);
        expect(recorder.inStreams(streamId).map((event) => event.revision)).toEqual([0n, 1n]);
        await recorder.subscription.stop();
      });
    });

    describe('durability and text', () => {
      it('shows everything after the storage is reopened, and appends continue from there', async () => {
        const head = await store.headPosition();
        const streamId = newStreamId();
        const events = newEvents(4);
        await store.appendToStream(streamId, events.slice(0, 1), 'no_stream');
        await store.appendToStream(streamId, events.slice(1), 0n);

        store = await fixture.reopen(store);

        expect((await store.readStream(streamId)).map((event) => event.id)).toEqual(events.map((event) => event.id));
        expect((await store.readAll({ ...afterOption(head) })).events.map((event) => event.id)).toEqual(events.map((event) => event.id));
        expect((await store.appendToStream(streamId, newEvents(1), 3n)).nextExpectedRevision).toBe(4n);
        const error = await rejectionOf(store.appendToStream(streamId, newEvents(1), 3n));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      });

      it('round-trips Arabic, bidi marks, emoji and Eastern Arabic digits exactly', async () => {
        const head = await store.headPosition();
        const streamId = newStreamId();
        const data = { ...ARABIC_AND_EMOJI_SAMPLES, list: Object.values(ARABIC_AND_EMOJI_SAMPLES), [ARABIC_AND_EMOJI_SAMPLES.tashkeel]: '٣' };
        const metadata = { userId: 'مُحَرِّر-١', at: '2026-11-29T03:00:00.000Z', correlationId: ARABIC_AND_EMOJI_SAMPLES.emoji, note: ARABIC_AND_EMOJI_SAMPLES.rightToLeftMark + ARABIC_AND_EMOJI_SAMPLES.arabicLetterMark };
        await store.appendToStream(streamId, [newEvent('ArticleDrafted', data, metadata)], 'no_stream');

        const check = (event: RecordedEvent): void => {
          expect(event.data).toEqual(data);
          expect(event.metadata).toEqual(metadata);
          expect(Buffer.from(JSON.stringify(event.data), 'utf8').equals(Buffer.from(JSON.stringify(data), 'utf8'))).toBe(true);
          expect(Buffer.from(JSON.stringify(event.metadata), 'utf8').equals(Buffer.from(JSON.stringify(metadata), 'utf8'))).toBe(true);
        };
        check((await store.readStream(streamId))[0]);
        check((await store.readAll({ ...afterOption(head) })).events[0]);
        store = await fixture.reopen(store);
        check((await store.readStream(streamId))[0]);
      });
    });

    describe('deleteStream', () => {
      it('tombstones a stream: append and read raise StreamDeletedError, the global log keeps its events', async () => {
        const head = await store.headPosition();
        const streamId = newStreamId();
        const events = newEvents(2);
        await store.appendToStream(streamId, events, 'no_stream');

        await store.deleteStream(streamId, 1n);

        for (const expected of ['any', 'no_stream', 'stream_exists', 1n] as const) {
          const error = await rejectionOf(store.appendToStream(streamId, newEvents(1), expected));
          expect(error).toBeInstanceOf(StreamDeletedError);
          expect((error as StreamDeletedError).streamId).toBe(streamId);
        }
        expect(await rejectionOf(store.readStream(streamId))).toBeInstanceOf(StreamDeletedError);
        const page = await store.readAll({ ...afterOption(head) });
        expect(page.events.filter((event) => event.streamId === streamId).map((event) => event.id)).toEqual(events.map((event) => event.id));
        store = await fixture.reopen(store);
        expect(await rejectionOf(store.readStream(streamId))).toBeInstanceOf(StreamDeletedError);
      });

      it('checks the expected revision and keeps the stream when it is wrong', async () => {
        const streamId = newStreamId();
        await store.appendToStream(streamId, newEvents(3), 'no_stream');

        const error = await rejectionOf(store.deleteStream(streamId, 1n));

        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.readStream(streamId)).toHaveLength(3);
        await store.deleteStream(streamId, 'any');
        expect(await rejectionOf(store.readStream(streamId))).toBeInstanceOf(StreamDeletedError);
      });

      it('leaves other streams alone', async () => {
        const kept = newStreamId();
        const deleted = newStreamId();
        await store.appendToStream(kept, newEvents(1), 'no_stream');
        await store.appendToStream(deleted, newEvents(1), 'no_stream');

        await store.deleteStream(deleted, 'stream_exists');

        expect(await store.readStream(kept)).toHaveLength(1);
        expect((await store.appendToStream(kept, newEvents(1), 0n)).nextExpectedRevision).toBe(1n);
      });
    });
  });
}
