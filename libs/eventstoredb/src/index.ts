export {
  EventStoreDbEventStore,
  createEventStoreDbEventStore,
  isSingleHostConnectionString,
  type AppendRecovery,
  type EventStoreDbHealth,
  type EventStoreDbOptions,
} from './eventstoredb-event-store.js';
export type { EventStoreDbLogger, ResubscribeBackoff, SubscriptionHealth } from './all-subscription.js';
export { WRITE_CHECK_STREAM, waitUntilWritable, type WaitUntilWritableOptions } from './write-readiness.js';
