import { Logger } from '@nestjs/common';
import { openSqliteEventStore, type EventStore } from '#event-store';
import { createEventStoreDbEventStore } from '#eventstoredb';
import type { AppConfig } from '../config.js';

export function openEventStore(config: AppConfig): EventStore {
  if (config.eventStore.kind === 'sqlite') return openSqliteEventStore({ dataDir: config.dataDir });
  const logger = new Logger('EventStoreDB');
  return createEventStoreDbEventStore(config.eventStore.connectionString, {
    ...config.eventStore.tuning,
    logger: { warn: (message: string, context?: Record<string, unknown>) => logger.warn(message, context ?? {}) },
  });
}
