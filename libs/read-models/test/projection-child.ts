import { openSqliteEventStore } from '#event-store';
import { openReadModelDatabase, ProjectionRunner, readModelsPath } from '#read-models';

/** Runs the projections over a data directory until told to stop (or killed by the kill test). */
const dataDir = process.argv[2];
const store = openSqliteEventStore({ dataDir, pollIntervalMs: 20 });
const db = openReadModelDatabase(readModelsPath(dataDir));
const runner = new ProjectionRunner(store, db, { batchSize: Number(process.argv[3] ?? 20) });
runner.start();
process.send?.('started');
