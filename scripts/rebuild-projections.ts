// Rebuilds every read model of DATA_DIR from the first event: npm run projections:rebuild
// Safe while the service runs on the same DATA_DIR: the new tables are swapped in atomically.
import { resolve } from 'node:path';
import { openSqliteEventStore, serializePosition, type EventStore } from '#event-store';
import { createEventStoreDbEventStore } from '#eventstoredb';
import { openReadModelDatabase, readModelsPath, rebuildReadModels } from '#read-models';

function openStore(dataDir: string): EventStore {
  const kind = process.env.EVENT_STORE?.trim() || 'sqlite';
  if (kind === 'sqlite') return openSqliteEventStore({ dataDir });
  if (kind === 'eventstoredb') {
    const connectionString = process.env.EVENTSTORE_CONNECTION_STRING?.trim();
    if (!connectionString) throw new Error('EVENT_STORE=eventstoredb needs EVENTSTORE_CONNECTION_STRING');
    return createEventStoreDbEventStore(connectionString);
  }
  throw new Error(`EVENT_STORE must be sqlite or eventstoredb, got "${kind}"`);
}

async function main(): Promise<void> {
  const dataDir = resolve(process.env.DATA_DIR?.trim() || './data');
  const store = openStore(dataDir);
  const db = openReadModelDatabase(readModelsPath(dataDir), { busyTimeoutMs: 5000 });
  const started = performance.now();
  let reported = 0;
  try {
    const result = await rebuildReadModels(store, db, {
      onProgress: ({ events }) => {
        if (events - reported >= 50_000) {
          reported = events;
          process.stderr.write(`… ${events} events\n`);
        }
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const position = result.position ? serializePosition(result.position) : 'none';
    console.log(`Rebuilt the read models of ${readModelsPath(dataDir)} from ${result.eventsRead} events in ${seconds.toFixed(1)} s (position ${position}).`);
  } finally {
    db.close();
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error(`Rebuild failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
