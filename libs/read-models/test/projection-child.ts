import { openSqliteEventStore } from '#event-store';
import { openReadModelDatabase, ProjectionRunner, readModelsPath } from '#read-models';

/** Runs the projections over a data directory, as the service does, until killed; answers 'health' messages. */
const dataDir = process.argv[2];
const store = openSqliteEventStore({ dataDir, pollIntervalMs: 20 });
const db = openReadModelDatabase(readModelsPath(dataDir));
const runner = new ProjectionRunner(store, db, { batchSize: Number(process.argv[3] ?? 20) });
runner.start();
process.on('message', (message) => {
  if (message === 'health') void runner.health().then((health) => process.send?.(health));
});
process.send?.('started');
