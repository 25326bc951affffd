/**
 * Child process for the SQLite kill test: appends forever from several concurrent writers and
 * reports each acknowledged append to the parent over IPC, until the parent kills it with SIGKILL.
 * Usage: fork(SQLITE_APPEND_CHILD_SCRIPT, [filePath, writerCount], { execArgv: ['--conditions=source', '--import', 'tsx'] })
 */
import { randomUUID } from 'node:crypto';
import { openSqliteEventStore, type ExpectedRevision } from '#event-store';

export interface AcknowledgedAppend {
  streamId: string;
  /** Decimal strings: bigint does not cross IPC. */
  nextExpectedRevision: string;
  position: string;
  eventIds: string[];
}

const [path, writerCountText = '4'] = process.argv.slice(2);
const store = openSqliteEventStore({ path });

async function writer(writerIndex: number): Promise<never> {
  const streams = Array.from({ length: 3 }, () => ({ id: `article-${randomUUID()}`, revision: 'no_stream' as ExpectedRevision }));
  for (let count = 0; ; count += 1) {
    const stream = streams[count % streams.length];
    const appendId = randomUUID();
    const size = (count + writerIndex) % 3 === 0 ? 10 : 1;
    const events = Array.from({ length: size }, (_, index) => ({
      id: randomUUID(),
      type: 'KillTestAppended',
      data: { writerIndex, count, index, text: 'نصٌّ عربيّ 📰' },
      metadata: { userId: `writer-${writerIndex}`, appendId, appendSize: size },
    }));
    const result = await store.appendToStream(stream.id, events, stream.revision);
    stream.revision = result.nextExpectedRevision;
    const acknowledged: AcknowledgedAppend = {
      streamId: stream.id,
      nextExpectedRevision: result.nextExpectedRevision.toString(),
      position: result.position.commit.toString(),
      eventIds: events.map((event) => event.id),
    };
    process.send?.(acknowledged);
  }
}

await Promise.all(Array.from({ length: Number(writerCountText) }, (_, index) => writer(index)));
