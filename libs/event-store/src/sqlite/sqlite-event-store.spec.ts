import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import Database from 'better-sqlite3';
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

  it('answers a re-sent append with its first outcome, in the same commit batch or later, and writes it once', async () => {
    const store = open();
    const streamId = newStreamId();
    const first = newEvents(2);
    const second = newEvents(3);

    const [created, createdAgain, other] = await Promise.all([
      store.appendToStream(streamId, first, 'no_stream'),
      store.appendToStream(streamId, first, 'no_stream'),
      store.appendToStream(newStreamId(), newEvents(1), 'no_stream'),
    ]);
    const appended = await store.appendToStream(streamId, second, 1n);
    const [late, lateAny] = await Promise.all([store.appendToStream(streamId, first, 'no_stream'), store.appendToStream(streamId, second, 'any')]);

    expect(createdAgain).toEqual(created);
    expect(late).toEqual(created);
    expect(lateAny).toEqual(appended);
    expect(other.nextExpectedRevision).toBe(0n);
    expect((await store.readStream(streamId)).map((event) => event.id)).toEqual([...first, ...second].map((event) => event.id));
    // Other events at that place are a conflict, as before.
    await expect(store.appendToStream(streamId, newEvents(2), 'no_stream')).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    // As in EventStoreDB, ids are unique per stream: the same id in another stream is another event.
    expect((await store.appendToStream(newStreamId(), [first[0]], 'no_stream')).nextExpectedRevision).toBe(0n);
    expectGapFreeFromOne(await readWholeLog(store));
  });

  it('drops the UNIQUE index on event ids of a file written before, keeping every event and position', async () => {
    const path = join(dataDir, 'old.sqlite');
    const old = new Database(path);
    old.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL, revision INTEGER NOT NULL,
      type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at INTEGER NOT NULL, UNIQUE (stream_id, revision))`);
    const streamId = newStreamId();
    const ids = [randomUUID(), randomUUID()];
    old.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(5, ids[0], streamId, 0, 'Noted', '{}', '{}', 1);
    old.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(9, ids[1], streamId, 1, 'Noted', '{}', '{}', 2);
    old.close();

    const store = openSqliteEventStore({ path });
    try {
      const events = await store.readStream(streamId);
      expect(events.map((event) => [event.id, event.position.commit])).toEqual([
        [ids[0], 5n],
        [ids[1], 9n],
      ]);
      expect((await store.appendToStream(newStreamId(), [{ ...newEvents(1)[0], id: ids[0] }], 'no_stream')).position.commit).toBe(10n);
    } finally {
      await store.close();
    }
    const reopened = new Database(path, { readonly: true });
    const uniqueColumns = reopened
      .prepare<[], { name: string }>("SELECT name FROM pragma_index_list('events') WHERE \"unique\" = 1")
      .all()
      .map(({ name }) => reopened.prepare<[string], { name: string }>('SELECT name FROM pragma_index_info(?)').all(name).map((column) => column.name).join(','));
    reopened.close();
    expect(uniqueColumns).toEqual(['stream_id,revision']);
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
