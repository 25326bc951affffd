import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreContract } from '#testing';
import { openSqliteEventStore } from '#event-store';

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
