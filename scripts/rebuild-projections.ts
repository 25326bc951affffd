// Rebuilds every read model of DATA_DIR from the first event: npm run projections:rebuild
// Safe while the service runs on the same DATA_DIR: the new tables are swapped in atomically.
// On a terminal it shows progress (events done, events/s, time left); otherwise one summary line.
import { serializePosition, type Position } from '#event-store';
import { openReadModelDatabase, readModelsPath, rebuildReadModels } from '#read-models';
import { loadConfig } from '../apps/api/src/config.js';
import { openEventStore } from '../apps/api/src/infrastructure/event-store.factory.js';

const REDRAW_MS = 250;

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const whole = Math.max(0, Math.round(seconds));
  return whole >= 60 ? `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s` : `${whole} s`;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const dataDir = config.dataDir;
  const store = openEventStore(config);
  const db = openReadModelDatabase(readModelsPath(dataDir), { busyTimeoutMs: 5000 });
  const terminal = process.stderr.isTTY === true;
  const started = performance.now();
  let drawn = 0;
  try {
    // Commit positions grow along the log in both stores (gap-free in SQLite): the share of the
    // head's position reached estimates the share of the work done.
    const head: Position | null = await store.headPosition();
    const result = await rebuildReadModels(store, db, {
      source: config.eventStore.kind,
      onProgress: ({ events, position }) => {
        const now = performance.now();
        if (!terminal || now - drawn < REDRAW_MS) return;
        drawn = now;
        const seconds = (now - started) / 1000;
        const rate = events / seconds;
        const done = head && position ? Math.min(1, Number(position.commit) / Number(head.commit)) : NaN;
        const left = done > 0 ? (seconds / done) * (1 - done) : NaN;
        const percent = Number.isNaN(done) ? '' : ` (${(done * 100).toFixed(1)} %)`;
        process.stderr.write(`\r\x1b[K${events.toLocaleString('en')} events${percent}, ${Math.round(rate).toLocaleString('en')} events/s, ${duration(left)} left`);
      },
    });
    if (terminal) process.stderr.write('\r\x1b[K');
    const seconds = (performance.now() - started) / 1000;
    const position = result.position ? serializePosition(result.position) : 'none';
    console.log(
      `Rebuilt the read models of ${readModelsPath(dataDir)} from ${result.eventsRead} events in ${seconds.toFixed(1)} s ` +
        `(${Math.round(result.eventsRead / Math.max(seconds, 1e-3))} events/s, position ${position}).`,
    );
  } finally {
    db.close();
    await store.close();
  }
}

main().catch((error: unknown) => {
  if (process.stderr.isTTY) process.stderr.write('\n');
  console.error(`Rebuild failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
