import { describe, it } from '@jest/globals';
import { describeEventStoreContract } from '#testing';
import { createEventStoreDbEventStore } from './index.js';

/**
 * The shared contract against a real EventStoreDB node (`npm run test:eventstoredb`), e.g.
 * `docker compose up -d eventstoredb` and EVENTSTORE_CONNECTION_STRING=esdb://localhost:2113?tls=false.
 */
const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (connectionString) {
  describeEventStoreContract(`EventStoreDB (real server at ${connectionString})`, () => ({
    open: async () => createEventStoreDbEventStore(connectionString),
    reopen: async (store) => {
      await store.close();
      return createEventStoreDbEventStore(connectionString);
    },
    cleanup: async () => undefined,
  }));
} else {
  describe.skip('EventStoreDB real-server contract: skipped, set EVENTSTORE_CONNECTION_STRING to run it', () => {
    it('runs the shared event-store contract against a real node', () => undefined);
  });
}
