import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { describeEventStoreContract, newEvents, newStreamId, SQLITE_APPEND_CHILD_SCRIPT, waitUntil, type AcknowledgedAppend } from '#testing';
import { InvalidAppendError, openSqliteEventStore, WrongExpectedRevisionError, type ExpectedRevision, type RecordedEvent, type SqliteEventStore } from '#event-store';

describeEventStoreContract('SQLite', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'event-store-contract-'));
  return {
    open: async () => openSqliteEventStore({ dataDir, pollIntervalMs: 50 }),
    reopen: async (store) => {
      await store.close();
      return openSqliteEventStore({ dataDir, pollIntervalMs: 50 });
    },
    cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
});

async function readWholeLog(store: SqliteEventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ after: events.at(-1)?.position, maxCount: 1000 });
    events.push(...page.events);
    if (page.isEnd) return events;
  }
}

function groupBy<Key>(events: RecordedEvent[], keyOf: (event: RecordedEvent) => Key): Map<Key, RecordedEvent[]> {
  const groups = new Map<Key, RecordedEvent[]>();
  for (const event of events) groups.set(keyOf(event), [...(groups.get(keyOf(event)) ?? []), event]);
  return groups;
}

function expectGapFreeFromOne(events: RecordedEvent[]): void {
  expect(events.map((event) => event.position.commit)).toEqual(events.map((_, index) => BigInt(index + 1)));
  expect(events.every((event) => event.position.commit === event.position.prepare)).toBe(true);
}

describe('SqliteEventStore', () => {
  let dataDir: string;
  const opened: SqliteEventStore[] = [];
  const open = (options: { pollIntervalMs?: number } = {}): SqliteEventStore => {
    const store = openSqliteEventStore({ dataDir, ...options });
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'sqlite-event-store-'));
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps events.sqlite in the data directory', async () => {
    const store = open();
    expect(store.path).toBe(join(dataDir, 'events.sqlite'));
  });

  it('numbers positions 1, 2, 3 … without gaps, even around failed and racing appends', async () => {
    const store = open();
    const streamId = newStreamId();
    await store.appendToStream(streamId, newEvents(3), 'no_stream');
    await Promise.allSettled(Array.from({ length: 10 }, () => store.appendToStream(streamId, newEvents(4), 2n)));
    await expect(store.appendToStream(streamId, newEvents(2), 'no_stream')).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    await store.appendToStream(newStreamId(), newEvents(1), 'any');

    const events = await readWholeLog(store);

    expect(events).toHaveLength(8);
    expectGapFreeFromOne(events);
    expect(await store.headPosition()).toEqual({ commit: 8n, prepare: 8n });
  });

  it('commits concurrent appends in one transaction; a wrong expectation fails only its own append', async () => {
    const store = open();
    const streams = Array.from({ length: 30 }, () => newStreamId());
    await Promise.all(streams.map((streamId) => store.appendToStream(streamId, newEvents(1), 'no_stream')));
    const commitsBefore = store.commitCount;
    const appends = streams.map((streamId, index) => ({ streamId, events: newEvents(index % 2 === 0 ? 1 : 10), expected: index === 7 ? 5n : 0n }));

    const outcomes = await Promise.allSettled(appends.map(({ streamId, events, expected }) => store.appendToStream(streamId, events, expected)));

    expect(store.commitCount - commitsBefore).toBe(1);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(appends.map((_, index) => (index === 7 ? 'rejected' : 'fulfilled')));
    expect((outcomes[7] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
    await store.close();
    const reopened = open();
    for (const [index, { streamId, events }] of appends.entries()) {
      const stored = await reopened.readStream(streamId, { fromRevision: 1n });
      expect(stored.map((event) => event.id)).toEqual(index === 7 ? [] : events.map((event) => event.id));
    }
    expectGapFreeFromOne(await readWholeLog(reopened));
  });

  it('gives concurrent appends the outcomes of running them one by one in the order issued', async () => {
    const append = fc.record({
      stream: fc.nat(3),
      size: fc.integer({ min: 1, max: 3 }),
      expected: fc.oneof(fc.constantFrom<ExpectedRevision>('any', 'no_stream', 'stream_exists'), fc.bigInt({ min: 0n, max: 5n })),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(append, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 5 }), async (waves) => {
        const store = openSqliteEventStore({ path: join(dataDir, `${randomUUID()}.sqlite`) });
        const streams = Array.from({ length: 4 }, () => newStreamId());
        const modelRevisions = new Map<number, bigint>();
        try {
          for (const wave of waves) {
            const outcomes = await Promise.allSettled(wave.map(({ stream, size, expected }) => store.appendToStream(streams[stream], newEvents(size), expected)));
            wave.forEach(({ stream, size, expected }, index) => {
              const current = modelRevisions.get(stream);
              const matches =
                expected === 'any' || (expected === 'no_stream' && current === undefined) || (expected === 'stream_exists' && current !== undefined) || expected === current;
              const outcome = outcomes[index];
              if (matches) {
                const next = (current ?? -1n) + BigInt(size);
                modelRevisions.set(stream, next);
                expect(outcome.status === 'fulfilled' && outcome.value.nextExpectedRevision).toBe(next);
              } else {
                expect(outcome.status === 'rejected' && outcome.reason).toBeInstanceOf(WrongExpectedRevisionError);
              }
            });
          }
          const events = await readWholeLog(store);
          expectGapFreeFromOne(events);
          for (const [stream, revision] of modelRevisions) expect(await store.readStream(streams[stream])).toHaveLength(Number(revision) + 1);
          expect(events).toHaveLength([...modelRevisions.values()].reduce((sum, revision) => sum + Number(revision) + 1, 0));
        } finally {
          await store.close();
        }
      }),
      { numRuns: 40 },
    );
  });

  it('rejects an append that reuses an event id, writing none of it, while the rest of the batch commits', async () => {
    const store = open();
    const [existing] = newEvents(1);
    await store.appendToStream(newStreamId(), [existing], 'no_stream');
    const duplicateStream = newStreamId();
    const otherStream = newStreamId();

    const [duplicate, other] = await Promise.allSettled([
      store.appendToStream(duplicateStream, [...newEvents(2), existing], 'no_stream'),
      store.appendToStream(otherStream, newEvents(2), 'no_stream'),
    ]);

    const loneDuplicateStream = newStreamId();
    // SqliteError is created in the realm that first loaded the native addon, so jest's toThrow (an instanceof Error check) can miss it.
    await expect(store.appendToStream(loneDuplicateStream, [...newEvents(3), existing], 'no_stream')).rejects.toMatchObject({ message: expect.stringMatching(/UNIQUE/) });
    await expect(store.readStream(loneDuplicateStream)).rejects.toThrow('not found');
    expect(duplicate.status).toBe('rejected');
    expect(String((duplicate as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    expect(other.status).toBe('fulfilled');
    await expect(store.readStream(duplicateStream)).rejects.toThrow('not found');
    expectGapFreeFromOne(await readWholeLog(store));
  });

  it('rejects, without writing, an append whose data is not JSON or that has no events', async () => {
    const store = open();
    const streamId = newStreamId();

    const notJson = store.appendToStream(streamId, [{ ...newEvents(1)[0], data: { count: 1n } }], 'no_stream');
    const empty = store.appendToStream(streamId, [], 'no_stream');

    await expect(notJson).rejects.toThrow(InvalidAppendError);
    await expect(empty).rejects.toThrow(RangeError);
    expect(await store.headPosition()).toBeNull();
  });

  it('shows a subscription the appends of another connection to the same file, by polling', async () => {
    const subscriber = open({ pollIntervalMs: 20 });
    const writer = open();
    const received: RecordedEvent[] = [];
    const subscription = subscriber.subscribeToAll({ onEvent: (event) => void received.push(event) });
    const events = newEvents(3);

    await writer.appendToStream(newStreamId(), events, 'no_stream');
    await waitUntil(() => received.length === 3, 'the other connection’s events arrived');
    await subscription.stop();

    expect(received.map((event) => event.id)).toEqual(events.map((event) => event.id));
    expect((await subscriber.readAll()).events).toHaveLength(3);
  });

  it('lets a handler stop its own subscription without waiting for itself', async () => {
    const store = open();
    const streamId = newStreamId();
    await store.appendToStream(streamId, newEvents(3), 'no_stream');
    const received: bigint[] = [];
    let stoppedFromHandler: Promise<void> | undefined;
    const subscription = store.subscribeToAll({
      onEvent: async (event) => {
        received.push(event.revision);
        if (event.revision === 1n) await (stoppedFromHandler = subscription.stop());
      },
    });

    await waitUntil(() => stoppedFromHandler !== undefined, 'the handler called stop');
    await stoppedFromHandler;
    await subscription.stop();

    expect(received).toEqual([0n, 1n]);
  });

  it('close lets the running handler finish, commits queued appends, then stops', async () => {
    const store = open();
    const streamId = newStreamId();
    await store.appendToStream(streamId, newEvents(1), 'no_stream');
    let release: () => void = () => undefined;
    const blocked = new Promise<void>((resolve) => {
      release = resolve;
    });
    const received: RecordedEvent[] = [];
    store.subscribeToAll({
      onEvent: async (event) => {
        received.push(event);
        await blocked;
        await store.appendToStream(streamId, newEvents(1), 0n);
      },
    });
    await waitUntil(() => received.length === 1, 'the handler started');

    const closing = store.close();
    release();
    await closing;

    expect(() => store.subscribeToAll({ onEvent: () => undefined })).toThrow('closed');
    await expect(store.appendToStream(streamId, newEvents(1), 'any')).rejects.toThrow('closed');
    expect(await open().readStream(streamId)).toHaveLength(2);
  });

  it('lets two connections append to the same file with positions still gap-free and revisions checked', async () => {
    const first = open();
    const second = open();
    const streamId = newStreamId();
    await first.appendToStream(streamId, newEvents(2), 'no_stream');

    await second.appendToStream(streamId, newEvents(1), 1n);
    await expect(first.appendToStream(streamId, newEvents(1), 1n)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    await first.appendToStream(streamId, newEvents(1), 2n);

    expect((await second.readStream(streamId)).map((event) => event.revision)).toEqual([0n, 1n, 2n, 3n]);
    expectGapFreeFromOne(await readWholeLog(second));
  });

  it('loses no acknowledged append and keeps no partial append when the writing process is killed', async () => {
    const path = join(dataDir, 'events.sqlite');
    // This process reads and subscribes while the child writes: the service beside a rebuild script.
    const watcher = open({ pollIntervalMs: 20 });
    const watched: string[] = [];
    watcher.subscribeToAll({ onEvent: (event) => void watched.push(event.id) });
    const readsWhileWriting: Promise<void>[] = [];
    const child = fork(SQLITE_APPEND_CHILD_SCRIPT, [path, '4'], { execArgv: ['--conditions=source', '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const acknowledged: AcknowledgedAppend[] = [];
    const killAfter = 300 + Math.floor(Math.random() * 200);
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    child.on('message', (message) => {
      const append = message as AcknowledgedAppend;
      acknowledged.push(append);
      if (acknowledged.length % 50 === 0) {
        readsWhileWriting.push(
          watcher.readStream(append.streamId).then((stored) => {
            expect(stored.map((event) => event.id)).toEqual(expect.arrayContaining(append.eventIds));
          }),
        );
      }
      if (acknowledged.length === killAfter) child.kill('SIGKILL');
    });

    try {
      expect(await exited).toBe('SIGKILL');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }

    const store = open();
    const events = await readWholeLog(store);
    await Promise.all(readsWhileWriting);
    expect(readsWhileWriting.length).toBeGreaterThanOrEqual(6);
    await waitUntil(() => watched.length >= events.length, 'the watching subscription saw every committed event');
    expect(watched).toEqual(events.map((event) => event.id));
    expect(acknowledged.length).toBeGreaterThanOrEqual(300);
    expect(events.length).toBeGreaterThanOrEqual(acknowledged.reduce((sum, append) => sum + append.eventIds.length, 0));
    expectGapFreeFromOne(events);
    const byId = new Map(events.map((event) => [event.id, event]));
    for (const append of acknowledged) {
      const stored = append.eventIds.map((id) => byId.get(id));
      const lastRevision = BigInt(append.nextExpectedRevision);
      expect(stored.map((event) => event?.streamId)).toEqual(append.eventIds.map(() => append.streamId));
      expect(stored.map((event) => event?.revision)).toEqual(append.eventIds.map((_, index) => lastRevision - BigInt(append.eventIds.length - 1 - index)));
      expect(stored.at(-1)?.position.commit).toBe(BigInt(append.position));
    }
    const appends = groupBy(events, (event) => event.metadata.appendId as string);
    for (const [, members] of appends) {
      expect(members).toHaveLength(members[0].metadata.appendSize as number);
      expect(members.map((event) => event.position.commit - members[0].position.commit)).toEqual(members.map((_, index) => BigInt(index)));
    }
    const streams = groupBy(events, (event) => event.streamId);
    for (const [streamId, members] of streams) {
      expect((await store.readStream(streamId)).map((event) => event.revision)).toEqual(members.map((_, index) => BigInt(index)));
    }
  }, 60_000);
});

describe('SqliteEventStore from a second process', () => {
  it('is readable while another connection keeps writing (WAL)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sqlite-event-store-'));
    const writer = openSqliteEventStore({ dataDir });
    const reader = openSqliteEventStore({ dataDir });
    try {
      const streamId = newStreamId();
      let revision = (await writer.appendToStream(streamId, newEvents(1), 'no_stream')).nextExpectedRevision;
      for (let round = 0; round < 20; round += 1) {
        const appending = writer.appendToStream(streamId, [{ id: randomUUID(), type: 'Round', data: { round }, metadata: {} }], revision);
        const seen = await reader.readStream(streamId);
        expect(seen.map((event) => event.revision)).toEqual(seen.map((_, index) => BigInt(index)));
        revision = (await appending).nextExpectedRevision;
      }
      expect(await reader.readStream(streamId)).toHaveLength(21);
    } finally {
      await writer.close();
      await reader.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
