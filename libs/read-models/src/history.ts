import { articleStreamId } from '#editorial';
import { StreamDeletedError, StreamNotFoundError, type EventStore } from '#event-store';
import { projectedEventOf } from './projection.js';
import type { HistoryEntry, HistoryPage } from './read-model.types.js';

export const HISTORY_MAX_LIMIT = 1000;
/** A page stops early, with a next link, before its entries' data would pass this many characters (JSON). */
export const HISTORY_PAGE_CHARS = 4 * 1024 * 1024;
const READ_CHUNK = 100;

export interface HistoryQuery {
  /** 1-based, default 1. */
  fromVersion?: number;
  /** 1–1,000, default 1,000. */
  limit?: number;
}

/**
 * One page of an article's history, read from its stream in the event store: the stream is
 * the history, so no read model copies it (a rebuild would write the whole log again). At
 * most `limit` events from `fromVersion`, fewer when their data would pass HISTORY_PAGE_CHARS, so
 * no answer holds the event loop for long; `nextVersion` says where the next page starts.
 * Null for an article that does not exist.
 */
export async function readArticleHistory(store: EventStore, articleId: string, query: HistoryQuery = {}): Promise<HistoryPage | null> {
  const fromVersion = Math.max(1, Math.trunc(query.fromVersion ?? 1));
  const limit = Math.min(HISTORY_MAX_LIMIT, Math.max(1, Math.trunc(query.limit ?? HISTORY_MAX_LIMIT)));
  const streamId = articleStreamId(articleId);
  const entries: HistoryEntry[] = [];
  let chars = 0;
  let version = fromVersion;
  for (;;) {
    const wanted = Math.min(READ_CHUNK, limit - entries.length);
    let events;
    try {
      // One more than wanted tells whether more follow without another read.
      events = await store.readStream(streamId, { fromRevision: BigInt(version - 1), maxCount: wanted + 1 });
    } catch (error) {
      if (error instanceof StreamNotFoundError || error instanceof StreamDeletedError) return null;
      throw error;
    }
    const more = events.length > wanted;
    const page = more ? events.slice(0, wanted) : events;
    for (const recorded of page) {
      const event = projectedEventOf(recorded);
      const size = JSON.stringify(event.data)?.length ?? 0;
      // The entry that would take the page past the budget starts the next one (a page holds at least one).
      if (entries.length > 0 && chars + size > HISTORY_PAGE_CHARS) return { entries, nextVersion: event.version };
      entries.push({ version: event.version, type: event.type, at: event.at, by: event.by, data: event.data });
      chars += size;
      version = event.version + 1;
    }
    if (!more) return { entries, nextVersion: null };
    if (entries.length >= limit) return { entries, nextVersion: version };
  }
}
