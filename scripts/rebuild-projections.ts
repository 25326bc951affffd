// Rebuilds every read model of DATA_DIR from the first event: npm run projections:rebuild
// Safe while the service runs on the same DATA_DIR: the new tables are swapped in atomically.
import { serializePosition } from '#event-store';
import { openReadModelDatabase, readModelsPath, rebuildReadModels } from '#read-models';
import { loadConfig } from '../apps/api/src/config.js';
import { openEventStore } from '../apps/api/src/infrastructure/event-store.factory.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const dataDir = config.dataDir;
  const store = openEventStore(config);
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
