import type { HistoryEntry } from '../read-model.types.js';
import type { ArticleRecordedEvent } from './event-facts.js';

/** The article history read model: one entry per event, never changed afterwards. */
export function historyEntryOf(event: ArticleRecordedEvent): HistoryEntry {
  return { version: event.version, type: event.type, at: event.at, by: event.by, data: event.data };
}
