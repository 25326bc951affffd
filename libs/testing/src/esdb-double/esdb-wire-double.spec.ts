import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  BACKWARDS,
  DeadlineExceededError,
  END,
  EventStoreDBClient,
  MaxAppendSizeExceededError,
  START,
  StreamDeletedError,
  StreamNotFoundError,
  UnknownError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type Position,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { waitUntil } from '../event-store-contract.js';
import { EsdbWireDouble } from './esdb-wire-double.js';

/** The double checked against what ESDB-WIRE.md records of the server, through the real client. */
describe('EsdbWireDouble on the wire', () => {
  let double: EsdbWireDouble;
  let client: EventStoreDBClient;
  const streams = { counter: 0, next: () => `wire-${(streams.counter += 1)}-${Date.now()}` };

  beforeAll(async () => {
    double = await EsdbWireDouble.start({ systemNoise: false });
    client = EventStoreDBClient.connectionString(double.connectionString);
  });

  afterAll(async () => {
    await client.dispose();
    await double.stop();
  });

  const events = (count: number) => Array.from({ length: count }, (_, index) => jsonEvent({ type: 'Noted', data: { index } }));

  async function collect<T>(read: AsyncIterable<T>): Promise<T[]> {
    const items: T[] = [];
    for await (const item of read) items.push(item);
    return items;
  }

  it('gives every record commit == prepare, increasing, not contiguous and not from 0', async () => {
    await client.appendToStream(streams.next(), events(3));
    const positions = (await collect(client.readAll())).map(({ event }) => event!.position);

    expect(positions[0].commit).toBeGreaterThan(0n);
    for (const position of positions) expect(position.commit).toBe(position.prepare);
    for (let index = 1; index < positions.length; index += 1) expect(positions[index].commit - positions[index - 1].commit).toBeGreaterThan(1n);
  });

  it('reads $all forwards from P including P, backwards from P excluding it, and a stream backwards including N', async () => {
    const stream = streams.next();
    await client.appendToStream(stream, events(4));
    const stored = (await collect(client.readStream(stream))).map(({ event }) => event!);
    const third = stored[2].position!;

    const forwards = await collect(client.readAll({ fromPosition: third, maxCount: 2 }));
    const backwards = await collect(client.readAll({ fromPosition: third, direction: BACKWARDS, maxCount: 2 }));
    const streamBackwards = await collect(client.readStream(stream, { fromRevision: 2n, direction: BACKWARDS }));

    expect(forwards.map(({ event }) => event!.revision)).toEqual([2n, 3n]);
    expect(backwards.map(({ event }) => event!.revision)).toEqual([1n, 0n]);
    expect(streamBackwards.map(({ event }) => event!.revision)).toEqual([2n, 1n, 0n]);
    expect(await collect(client.readStream(stream, { fromRevision: 9n }))).toEqual([]);
    await expect(collect(client.readStream(streams.next()))).rejects.toBeInstanceOf(StreamNotFoundError);
  });

  it('acknowledges a re-sent batch at an older exact revision without writing it again', async () => {
    const stream = streams.next();
    const batch = events(2);
    const first = await client.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
    await client.appendToStream(stream, events(1), { expectedRevision: 1n });

    const retried = await client.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
    const conflicting = client.appendToStream(stream, events(2), { expectedRevision: 'no_stream' });

    expect(retried).toEqual(first);
    await expect(conflicting).rejects.toBeInstanceOf(WrongExpectedVersionError);
    expect(await collect(client.readStream(stream))).toHaveLength(3);
  });

  it('refuses appends over 1 MiB with the maximum append size', async () => {
    const big = jsonEvent({ type: 'Big', data: { text: 'x'.repeat(1_048_576) } });

    const error = await client.appendToStream(streams.next(), big).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MaxAppendSizeExceededError);
    expect((error as MaxAppendSizeExceededError).maxAppendSize).toBe(1_048_576);
  });

  it('tombstones even a stream that never existed; the stream is then deleted for every operation', async () => {
    const stream = streams.next();
    await client.tombstoneStream(stream);

    await expect(client.appendToStream(stream, events(1))).rejects.toBeInstanceOf(StreamDeletedError);
    await expect(collect(client.readStream(stream))).rejects.toBeInstanceOf(StreamDeletedError);
    await expect(client.tombstoneStream(stream)).rejects.toBeInstanceOf(StreamDeletedError);
    const [last] = await collect(client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 }));
    expect(last.event).toMatchObject({ streamId: stream, type: '$streamDeleted', revision: 2n ** 63n - 1n });
  });

  it('checkpoints filtered subscriptions every 32 scanned records and before caught-up; never unfiltered ones', async () => {
    const start = (await collect(client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 })))[0].event!.position;
    const stream = streams.next();
    await client.appendToStream(stream, events(40));
    const record = (filtered: boolean) => {
      const log: string[] = [];
      const subscription = client.subscribeToAll({
        fromPosition: start,
        ...(filtered ? { filter: streamNameFilter({ prefixes: [stream], checkpointReached: (_: unknown, position: Position) => void log.push(`checkpoint ${position.commit}`) }) } : {}),
      });
      subscription.on('confirmation', () => log.push('confirmation'));
      subscription.on('data', ({ event }: AllStreamResolvedEvent) => log.push(`event ${event!.revision}`));
      subscription.on('caughtUp', () => log.push('caughtUp'));
      return { log, subscription };
    };
    const filtered = record(true);
    const unfiltered = record(false);
    await waitUntil(() => filtered.log.includes('caughtUp') && unfiltered.log.includes('caughtUp'), 'both subscriptions caught up');
    await filtered.subscription.unsubscribe();
    await unfiltered.subscription.unsubscribe();

    const positions = double.log.eventsOf(stream).map((stored) => stored.position);
    const events32 = filtered.log.indexOf('event 31');
    expect(filtered.log[0]).toBe('confirmation');
    expect(filtered.log[events32 + 1]).toBe(`checkpoint ${positions[31]}`);
    expect(filtered.log.slice(-2)).toEqual([`checkpoint ${positions[39]}`, 'caughtUp']);
    expect(filtered.log.filter((entry) => entry.startsWith('event'))).toHaveLength(40);
    expect(unfiltered.log.filter((entry) => entry.startsWith('checkpoint'))).toEqual([]);
    expect(unfiltered.log.at(-1)).toBe('caughtUp');
  });

  it('sends only matching records to a filtered subscription, then live ones after caught-up', async () => {
    const stream = streams.next();
    const seen: ResolvedEvent[] = [];
    let caughtUp = false;
    const subscription = client.subscribeToAll({ fromPosition: START, filter: excludeSystemEvents() });
    subscription.on('data', (resolved: ResolvedEvent) => seen.push(resolved));
    subscription.on('caughtUp', () => {
      caughtUp = true;
    });
    await waitUntil(() => caughtUp, 'the subscription caught up');
    double.log.appendSystemRecord(`$$${stream}`, '$metadata', { $maxAge: 60 });
    await client.appendToStream(stream, events(2));
    await waitUntil(() => seen.some(({ event }) => event?.streamId === stream && event.revision === 1n), 'the live events arrived');
    await subscription.unsubscribe();

    expect(seen.filter(({ event }) => event!.type.startsWith('$'))).toEqual([]);
    // The server's event-type filter lets $settings' plain event type through: adapters must check stream names too.
    expect(seen.map(({ event }) => event!.streamId)).toContain('$settings');
  });

  it('advertises batchappend with deadline_duration, so that the client sends every append over Streams.BatchAppend', async () => {
    const before = { ...double.calls };
    await client.appendToStream(streams.next(), events(2));

    expect(double.calls.batchAppends).toBe(before.batchAppends + 1);
    expect(double.calls.appends).toBe(before.appends);
  });

  it('answers concurrent batch appends by correlation id, each exactly once, with its own outcome', async () => {
    const stream = streams.next();
    await client.appendToStream(stream, events(1), { expectedRevision: 'no_stream' });
    const others = Array.from({ length: 10 }, () => streams.next());

    const outcomes = await Promise.allSettled([
      ...others.map((other, index) => client.appendToStream(other, events(index + 1), { expectedRevision: 'no_stream' })),
      client.appendToStream(stream, events(1), { expectedRevision: 5n }),
    ]);

    outcomes.slice(0, 10).forEach((outcome, index) => {
      expect(outcome).toMatchObject({ status: 'fulfilled', value: { success: true, nextExpectedRevision: BigInt(index) } });
      const position = (outcome as PromiseFulfilledResult<{ position: Position }>).value.position;
      expect(position.commit).toBe(double.log.eventsOf(others[index]).at(-1)!.position);
    });
    const wrong = (outcomes[10] as PromiseRejectedResult).reason as WrongExpectedVersionError;
    expect(wrong).toBeInstanceOf(WrongExpectedVersionError);
    expect(wrong).toMatchObject({ streamName: stream, expectedVersion: 5n, actualVersion: 0n });
  });

  it('checks a batch append deadline against its own clock: a client an hour behind is timed out, nothing written', async () => {
    const ahead = await EsdbWireDouble.start({ clockSkewMs: 3_600_000, systemNoise: false });
    const skewed = EventStoreDBClient.connectionString(ahead.connectionString);
    try {
      const stream = streams.next();
      const error = await skewed.appendToStream(stream, events(1)).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(DeadlineExceededError);
      expect(ahead.log.eventsOf(stream)).toEqual([]);
    } finally {
      await skewed.dispose();
      await ahead.stop();
    }
  });

  it('refuses event ids that are not UUIDs, on both append paths', async () => {
    const plain = await EsdbWireDouble.start({ batchAppend: false, systemNoise: false });
    const plainClient = EventStoreDBClient.connectionString(plain.connectionString);
    try {
      const bad = [jsonEvent({ id: 'not-a-uuid', type: 'Noted', data: {} })];
      const stream = streams.next();

      const overBatch = await client.appendToStream(stream, bad).catch((caught: unknown) => caught);
      const overAppend = await plainClient.appendToStream(stream, bad).catch((caught: unknown) => caught);

      expect(overBatch).toBeInstanceOf(UnknownError);
      expect((overBatch as Error).message).toContain('BadRequest');
      expect(overAppend).toMatchObject({ code: 3 });
      expect(double.log.eventsOf(stream)).toEqual([]);
      expect(plain.log.eventsOf(stream)).toEqual([]);
      // The call survives a refusal: later appends still work.
      await client.appendToStream(stream, events(1));
    } finally {
      await plainClient.dispose();
      await plain.stop();
    }
  });

  it('refuses with INVALID_ARGUMENT a read or subscription from a position that is not a record boundary', async () => {
    const stream = streams.next();
    await client.appendToStream(stream, events(1));
    const [{ event }] = await collect(client.readStream(stream));
    const foreign = { commit: event!.position!.commit + 1n, prepare: event!.position!.prepare + 1n };

    const readError = await collect(client.readAll({ fromPosition: foreign })).catch((caught: unknown) => caught);
    const subscription = client.subscribeToAll({ fromPosition: foreign });
    const subscriptionError = await new Promise<unknown>((resolve) => subscription.on('error', resolve));

    expect(readError).toBeInstanceOf(UnknownError);
    expect(String((readError as Error).message)).toMatch(/INVALID_ARGUMENT|boundary/);
    expect(subscriptionError).toBeInstanceOf(UnknownError);
    expect(await collect(client.readAll({ fromPosition: event!.position!, maxCount: 1 }))).toHaveLength(1);
  });
});
