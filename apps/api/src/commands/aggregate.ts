import type { RecordedEvent } from '#event-store';

/** The shape every event of every aggregate has: plain, serialisable, with who and when. */
export interface DomainEvent {
  type: string;
  data: unknown;
  metadata: { userId: string; at: string };
}

/** What the pipeline needs of a domain command: who sends it. Its aggregate's id comes from the route. */
export interface DomainCommand {
  type: string;
  userId: string;
}

export interface DecideDeps {
  now: () => Date;
  newId: () => string;
}

/**
 * One aggregate as the command pipeline sees it: where its events live, how they fold, how
 * commands are decided. The pipeline (`CommandWriter`) is written once against this; each
 * aggregate (the article, next the fact-check) is one value of it, made from its domain's parts.
 */
export interface Aggregate<Command extends DomainCommand, Event extends DomainEvent, State extends { version: number }> {
  /** Names the aggregate in logs and problem details. */
  name: string;
  streamId(id: string): string;
  evolve(state: State | null, event: Event): State;
  decide(command: Command, state: State | null, deps: DecideDeps): Event[];
  /** Throws the domain's `not_found` error for what the command names that does not exist (404, before If-Match). */
  assertExists(command: Command, state: State | null): void;
  /** A command that starts the stream: If-Match has nothing to compare with and is ignored. */
  startsStream(command: Command): boolean;
  /**
   * About how many characters the state holds after the event, the unit of the state cache's
   * budget. Defaults to adding the event's data; an aggregate whose events replace text says so.
   */
  sizeAfter?(size: number, state: State | null, event: RecordedEvent): number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyAggregate = Aggregate<any, any, any>;

/** A stored event as the domain knows it: its type, data and metadata, nothing of where it is stored. */
export const domainEventOf = <Event extends DomainEvent>(event: RecordedEvent): Event => ({ type: event.type, data: event.data, metadata: event.metadata }) as Event;
