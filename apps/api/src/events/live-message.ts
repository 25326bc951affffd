import { serializePosition, type RecordedEvent } from '#event-store';

const ARTICLE_STREAM = 'article-';
const FACT_CHECK_STREAM = 'fact-check-';

/** What a live message tells about an event: where and when it happened, never the article's text. */
export interface LiveEventData {
  stream: string;
  articleId?: string;
  factCheckId?: string;
  version: number;
  type: string;
  at: string;
  by: string | null;
}

/** The one form of an event on the wire, built once per event and written to every client. */
export interface LiveMessage {
  /** The event's log position: the message's `id`, which a client sends back as Last-Event-ID. */
  id: string;
  event: string;
  data: LiveEventData;
}

/** Null for events outside the newsroom's article and fact-check streams. */
export function liveMessageOf(event: RecordedEvent): LiveMessage | null {
  const owner = event.streamId.startsWith(ARTICLE_STREAM)
    ? { articleId: event.streamId.slice(ARTICLE_STREAM.length) }
    : event.streamId.startsWith(FACT_CHECK_STREAM)
      ? { factCheckId: event.streamId.slice(FACT_CHECK_STREAM.length) }
      : null;
  if (!owner) return null;
  const metadata = event.metadata ?? {};
  const at = typeof metadata.at === 'string' && !Number.isNaN(Date.parse(metadata.at)) ? new Date(metadata.at).toISOString() : event.recordedAt.toISOString();
  return {
    id: serializePosition(event.position),
    event: event.type,
    data: {
      stream: event.streamId,
      ...owner,
      version: Number(event.revision) + 1,
      type: event.type,
      at,
      by: typeof metadata.userId === 'string' ? metadata.userId : null,
    },
  };
}

/** One Server-Sent Events message (WHATWG HTML §9.2): fields on their own lines, a blank line after. */
export function formatSse(message: LiveMessage): string {
  // JSON never holds a raw line break and positions are digits; a type is written from another store, so it is kept to one line.
  return `id: ${message.id}\nevent: ${message.event.replace(/[\r\n]/g, ' ')}\ndata: ${JSON.stringify(message.data)}\n\n`;
}

/** A comment line: ignored by every SSE parser, it keeps proxies and load balancers from closing an idle stream. */
export const HEARTBEAT = ': heartbeat\n\n';
