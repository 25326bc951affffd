// `node dist/libs/eventstoredb/src/wait-until-writable.main.js`: exits 0 once EventStoreDB at
// EVENTSTORE_CONNECTION_STRING accepts writes, 1 after WAIT_FOR_WRITES_TIMEOUT_MS (default 120 s).
// The container setups run it before the API starts.
import { waitUntilWritable } from './write-readiness.js';

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;
if (!connectionString) {
  process.stderr.write('EVENTSTORE_CONNECTION_STRING is not set\n');
  process.exit(1);
}
const timeoutMs = Number(process.env.WAIT_FOR_WRITES_TIMEOUT_MS ?? 120_000);
try {
  const attempts = await waitUntilWritable(connectionString, {
    timeoutMs,
    onAttemptFailed: (error, attempt) => process.stderr.write(`${JSON.stringify({ level: 'warn', message: 'EventStoreDB does not accept writes yet', attempt, error: error.message })}\n`),
  });
  process.stdout.write(`${JSON.stringify({ level: 'log', message: 'EventStoreDB accepts writes', attempts })}\n`);
  process.exit(0);
} catch (error) {
  process.stderr.write(`${JSON.stringify({ level: 'error', message: error instanceof Error ? error.message : String(error) })}\n`);
  process.exit(1);
}
