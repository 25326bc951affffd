import type { EventStore } from '#event-store';
import { openSqliteEventStore } from '#event-store';
import type { AppConfig } from '../config.js';
import { ConfigError } from '../config.js';

export async function openEventStore(config: AppConfig): Promise<EventStore> {
  if (config.eventStore.kind === 'sqlite') return openSqliteEventStore({ dataDir: config.dataDir });
  throw new ConfigError('EVENT_STORE=eventstoredb is not wired yet');
}
