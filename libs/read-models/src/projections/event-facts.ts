import { ARTICLE_STREAM_PREFIX, isArticleEventType, type ArticleEvent } from '#editorial';
import type { RecordedEvent } from '#event-store';

/** An article event as recorded, with the facts every projection needs from its envelope. */
export type ArticleRecordedEvent = ArticleEvent & {
  streamId: string;
  /** 1-based: the article's version once this event is applied. */
  version: number;
  /** ISO-8601 UTC instant of the decision (metadata.at), or of the recording when absent. */
  at: string;
  by: string | null;
};

/** Null for events the read models do not know: other streams, unknown types. */
export function toArticleEvent(event: RecordedEvent): ArticleRecordedEvent | null {
  if (!event.streamId.startsWith(ARTICLE_STREAM_PREFIX) || !isArticleEventType(event.type)) return null;
  const metadata = event.metadata ?? {};
  return {
    type: event.type,
    data: event.data,
    metadata: metadata,
    streamId: event.streamId,
    version: Number(event.revision) + 1,
    at: normalizeInstant(typeof metadata.at === 'string' ? metadata.at : event.recordedAt.toISOString()),
    by: typeof metadata.userId === 'string' ? metadata.userId : null,
  } as ArticleRecordedEvent;
}

const CANONICAL_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Instants are stored in one ISO form so that text order is time order (asOf lookups rely on it). */
export function normalizeInstant(text: string): string {
  if (CANONICAL_INSTANT.test(text)) return text;
  const time = Date.parse(text);
  return Number.isNaN(time) ? text : new Date(time).toISOString();
}

export class ProjectionError extends Error {
  override readonly name = 'ProjectionError';
}
