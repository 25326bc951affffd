import { Inject, Logger } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import {
  AppendOutcomeUnknownError,
  AppendTooLargeError,
  deterministicEventId,
  InvalidAppendError,
  uuidV7,
  WrongExpectedRevisionError,
  type EventStore,
  type Position,
} from '#event-store';
import type { AppConfig } from '../config.js';
import { isUuid } from '../http/id.js';
import { ApiProblem } from '../http/problem.js';
import { writtenUnderKey } from '../idempotency/idempotency.js';
import type { ReadModels } from '../infrastructure/read-models.provider.js';
import { APP_CONFIG, EVENT_STORE, READ_MODELS } from '../infrastructure/tokens.js';
import type { Aggregate, AnyAggregate, DomainCommand, DomainEvent } from './aggregate.js';
import type { CommandContext } from './command-request.js';
import { checkIfMatch, preconditionFailed } from './if-match.js';
import { readModelsReflect } from './read-your-writes.js';
import { StateCache } from './state-cache.js';

// A lost race without If-Match is retried from a fresh read. Commands on one article take turns
// within this process, so only another process can make one lose; fifty tries with jittered
// backoff outlast any realistic burst of those.
const MAX_ATTEMPTS = 50;
const MAX_BACKOFF_MS = 50;
const NO_POSITION: Position = { commit: 0n, prepare: 0n };

export interface Written<Event extends DomainEvent = DomainEvent> {
  /** The aggregate's version after the write: the number of events in its stream. */
  version: number;
  events: Event[];
  /** Where the last event landed in the log. */
  position: Position;
  /** Found already stored under the command's Idempotency-Key instead of written now. */
  replayed: boolean;
}

/** One command on one aggregate, sent by a route. */
export class WriteCommand<C extends DomainCommand, E extends DomainEvent, S extends { version: number }> extends Command<Written<E>> {
  constructor(
    readonly aggregate: Aggregate<C, E, S>,
    readonly id: string,
    readonly command: C,
    readonly context: CommandContext,
  ) {
    super();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The command pipeline after the HTTP steps, in the contract's order: load the state, 404 for
 * what does not exist, 412 for a stale If-Match, decide, append with the expected revision, wait
 * for the read models. Without If-Match a lost race is re-read and re-decided; with it, any
 * mismatch is a 412. Written once for any aggregate.
 */
@CommandHandler(WriteCommand)
export class CommandWriter implements ICommandHandler<WriteCommand<DomainCommand, DomainEvent, { version: number }>> {
  private readonly logger = new Logger('CommandWriter');
  private readonly caches = new Map<AnyAggregate, StateCache<{ version: number }>>();
  private readonly turns = new Map<string, Promise<void>>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ aggregate, id, command, context }: WriteCommand<DomainCommand, DomainEvent, { version: number }>): Promise<Written> {
    // A malformed id names nothing: answered as missing without asking the store.
    if (!isUuid(id)) aggregate.assertExists(command, null);
    const streamId = aggregate.streamId(id);
    const written = await this.oneAtATime(streamId, () => this.write(aggregate, streamId, command, context));
    await readModelsReflect(this.readModels, written.position, this.config.readYourWritesTimeoutMs, 'The write is stored but the read models have not applied it yet');
    return written;
  }

  /**
   * Commands on one stream take turns in this process: racing each other they could only lose
   * appends and retry, and sixty-four at once ran out of retries. Other processes can still win a
   * race; for them the retries remain. Waiting for the read models happens after the turn.
   */
  private async oneAtATime<T>(streamId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.turns.get(streamId) ?? Promise.resolve();
    const mine = previous.then(work);
    const done = mine.then(
      () => undefined,
      () => undefined,
    );
    this.turns.set(streamId, done);
    try {
      return await mine;
    } finally {
      if (this.turns.get(streamId) === done) this.turns.delete(streamId);
    }
  }

  private async write(aggregate: AnyAggregate, streamId: string, command: DomainCommand, context: CommandContext): Promise<Written> {
    const { expected, idempotency } = context;
    // Each node of an EventStoreDB cluster keeps its own key records: a retry reaching another
    // node is not known there as in doubt, so the stream itself is asked on every keyed command.
    if (idempotency && (idempotency.recover || this.config.eventStore?.kind === 'eventstoredb')) {
      const earlier = await this.writtenUnder(streamId, idempotency);
      if (earlier) return earlier;
    }
    for (let attempt = 1; ; attempt++) {
      const { state, events } = await this.decided(aggregate, streamId, command, expected);
      // The process manager's commands answer nothing when their cause is already recorded.
      if (events.length === 0) return { version: state?.version ?? 0, events, position: (await this.store.headPosition()) ?? NO_POSITION, replayed: false };
      const readModelsDown = this.readModels.unavailable();
      if (readModelsDown) {
        throw new ApiProblem(503, 'read_models_unavailable', `Nothing was written: the read models stopped and could not show the write (${readModelsDown.message})`);
      }
      const version = state?.version ?? 0;
      const keyed = idempotency ? { idempotencyKey: idempotency.key, idempotencyRequest: idempotency.request } : {};
      // Under an Idempotency-Key every attempt sends the same ids, so the store recognises events
      // of an earlier attempt that landed after all (EventStoreDB's idempotent append, a re-read).
      const eventId = idempotency ? (index: number) => deterministicEventId(`${streamId}/${idempotency.key}`, index) : () => uuidV7();
      try {
        const { position } = await this.store.appendToStream(
          streamId,
          events.map((event, index) => ({ id: eventId(index), type: event.type, data: event.data, metadata: { ...event.metadata, ...keyed } })),
          state === null ? 'no_stream' : BigInt(version - 1),
        );
        return { version: version + events.length, events, position, replayed: false };
      } catch (error) {
        // Refused before anything was sent (no events, an id or data the store cannot take): a defect, not a moment's failure.
        if (error instanceof InvalidAppendError || error instanceof RangeError) throw error;
        if (!(error instanceof WrongExpectedRevisionError)) throw this.appendFailure(error, streamId, Boolean(idempotency));
        // An attempt of this very request whose outcome was unknown may be what moved the stream.
        const landed = idempotency ? await this.writtenUnder(streamId, idempotency) : undefined;
        if (landed) return landed;
        if (expected !== undefined && !aggregate.startsStream(command)) throw preconditionFailed(expected, `another write changed the ${aggregate.name} first`);
        if (attempt >= MAX_ATTEMPTS) {
          throw new ApiProblem(409, 'write_contention', `The ${aggregate.name} changed ${MAX_ATTEMPTS} times while this command was decided; retry it`);
        }
        this.logger.debug('Write race lost; re-reading and re-deciding', { streamId, attempt, command: command.type });
        await sleep(Math.random() * Math.min(MAX_BACKOFF_MS, 5 * attempt));
      }
    }
  }

  /** What a request under this key hash already appended, answered as its outcome. */
  private async writtenUnder(streamId: string, idempotency: NonNullable<CommandContext['idempotency']>): Promise<Written | undefined> {
    const earlier = await this.reading(() => writtenUnderKey(this.store, streamId, idempotency.key, idempotency.request));
    return earlier && { ...earlier, replayed: true };
  }

  /** A read before anything is sent: when the store cannot answer, nothing was written and the retry runs afresh. */
  private async reading<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      if (error instanceof ApiProblem) throw error;
      this.logger.warn('The event store could not be read; nothing written', { message: error instanceof Error ? error.message : String(error) });
      throw new ApiProblem(503, 'event_store_unavailable', 'Nothing was written: the event store could not be read; retry');
    }
  }

  /**
   * An append that failed otherwise than by a lost race. Too large: nothing written, a 413. Any
   * other failure may have written (the adapter could not learn in time): 503
   * write_outcome_unknown; the retry with the same Idempotency-Key re-reads the stream and
   * answers the true outcome.
   */
  private appendFailure(error: unknown, streamId: string, keyed: boolean): ApiProblem {
    if (error instanceof AppendTooLargeError) {
      return new ApiProblem(413, 'payload_too_large', `Nothing was written: the events are over the event store's limit of ${error.maxAppendSize} bytes`);
    }
    this.logger.warn('Append outcome unknown', {
      streamId,
      unknownToStore: error instanceof AppendOutcomeUnknownError,
      message: error instanceof Error ? error.message : String(error),
    });
    return new ApiProblem(
      503,
      'write_outcome_unknown',
      keyed
        ? 'The event store could not confirm in time whether the command was written; retry with the same Idempotency-Key to get its true outcome'
        : 'The event store could not confirm in time whether the command was written; send commands with an Idempotency-Key, so that a retry answers the true outcome instead of possibly writing twice',
    );
  }

  /** The aggregate's state as its stream stands (null when it has no events), through the same cache as the writes. */
  async stateOf<S extends { version: number }>(aggregate: Aggregate<DomainCommand, DomainEvent, S>, id: string): Promise<S | null> {
    return isUuid(id) ? ((await this.cacheOf(aggregate as AnyAggregate).load(aggregate.streamId(id))) as S | null) : null;
  }

  /**
   * The pipeline's steps up to the decision, without appending: 404, 412 and the rules of a
   * command that is written only after a step on another aggregate (a claim's link to a fact-check).
   */
  async check({ aggregate, id, command, context }: WriteCommand<DomainCommand, DomainEvent, { version: number }>): Promise<void> {
    if (!isUuid(id)) aggregate.assertExists(command, null);
    await this.decided(aggregate, aggregate.streamId(id), command, context.expected);
  }

  private async decided(aggregate: AnyAggregate, streamId: string, command: DomainCommand, expected: CommandContext['expected']) {
    const state = await this.reading(() => this.cacheOf(aggregate).load(streamId));
    aggregate.assertExists(command, state);
    if (!aggregate.startsStream(command)) checkIfMatch(expected, state);
    const events: DomainEvent[] = aggregate.decide(command, state, { now: () => new Date(), newId: randomUUID });
    return { state, events };
  }

  private cacheOf(aggregate: AnyAggregate): StateCache<{ version: number }> {
    let cache = this.caches.get(aggregate);
    if (!cache) this.caches.set(aggregate, (cache = new StateCache(this.store, aggregate)));
    return cache;
  }
}
