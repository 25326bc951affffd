import type { EventMetadata, Position, RecordedEvent } from '#event-store';

/** An event as projections see it: the recorded event with the facts every read model needs from its envelope. */
export type ProjectedEvent<Event extends { type: string; data: unknown } = { type: string; data: unknown }> = Event & {
  id: string;
  metadata: EventMetadata;
  streamId: string;
  /** 1-based: the stream's version once this event is applied. */
  version: number;
  /** ISO-8601 UTC instant of the decision (metadata.at), or of the recording when absent. */
  at: string;
  by: string | null;
  position: Position;
};

export type SqlValue = string | number | null;

/** A value a projection's rows are queried by, kept beside the JSON document and indexable. */
export interface Column<Document> {
  type: 'TEXT' | 'INTEGER';
  /** `undefined` is stored as NULL; a column is NOT NULL unless `nullable`. */
  value(document: Document): SqlValue | undefined;
  nullable?: boolean;
}

/**
 * A read model: one table of JSON documents keyed by id, plus the few columns it is queried by.
 * The runner, the rebuild and the schema take the list of projections (PROJECTIONS); a new
 * read model is one file and one line in that list.
 */
export interface Projection<Document extends object = object, Event extends { type: string; data: unknown } = { type: string; data: unknown }> {
  /** Table name: lowercase letters and underscores. */
  readonly name: string;
  /** Raise when the document, a column or the evolve changes: read models of another version are rebuilt. */
  readonly version: number;
  /** The event types it handles; every other event only moves the checkpoint. */
  readonly handles: readonly Event['type'][];
  /** Ids of the documents an event changes. */
  idsOf(event: ProjectedEvent<Event>): readonly string[];
  /** Pure: the document after the event. Throws ProjectionError for an event it cannot apply. */
  evolve(document: Document | null, event: ProjectedEvent<Event>): Document;
  readonly columns?: Readonly<Record<string, Column<Document>>>;
  /** Indexed column lists; rows come out of each in arrival order (`seq`). */
  readonly indexes?: readonly (readonly string[])[];
  /**
   * The short form lists return, kept as its own JSON beside the document; null when the
   * document itself serves (the query then reads it instead), which saves writing it twice.
   */
  summary?(document: Document): object | null;
  /**
   * The dashboard counters the document counts toward ({ name: value } rows kept up to date per
   * batch): a name counts 1, a [name, amount] pair counts the amount (an integer, e.g. a sum of
   * milliseconds an average is made of).
   */
  counters?(document: Document): readonly Counter[];
  /**
   * The document's text for full-text search: kept in `<name>_search`, an FTS5 table keyed by
   * `seq`, as its matching form (`matchingForm` of #editorial: FTS5 folds no Arabic).
   */
  search?(document: Document): string;
}

export type Counter = string | readonly [name: string, amount: number];

/** What a document adds to each counter it names. */
export function counterAmounts(projection: AnyProjection, document: object): [name: string, amount: number][] {
  return (projection.counters?.(document) ?? []).map((counter: Counter) => (typeof counter === 'string' ? [counter, 1] : [counter[0], counter[1]]));
}

/** The FTS5 table of a projection that declares `search`. */
export const searchTableOf = (projection: { name: string }) => `${projection.name}_search`;

/** Any projection, as the list holds them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProjection = Projection<any, any>;

export class ProjectionError extends Error {
  override readonly name = 'ProjectionError';
}

export function projectedEventOf(event: RecordedEvent): ProjectedEvent {
  const metadata = event.metadata ?? {};
  return {
    id: event.id,
    type: event.type,
    data: event.data,
    metadata,
    streamId: event.streamId,
    version: Number(event.revision) + 1,
    at: normalizeInstant(typeof metadata.at === 'string' ? metadata.at : event.recordedAt.toISOString()),
    by: typeof metadata.userId === 'string' ? metadata.userId : null,
    position: event.position,
  };
}

const CANONICAL_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Instants are stored in one ISO form so that text order is time order (asOf lookups rely on it). */
export function normalizeInstant(text: string): string {
  if (CANONICAL_INSTANT.test(text)) return text;
  const time = Date.parse(text);
  return Number.isNaN(time) ? text : new Date(time).toISOString();
}
