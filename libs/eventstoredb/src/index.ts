export { EventStoreDbEventStore, createEventStoreDbEventStore, type EventStoreDbOptions } from './eventstoredb-event-store.js';
export type { EventStoreDbLogger, ResubscribeBackoff } from './all-subscription.js';
