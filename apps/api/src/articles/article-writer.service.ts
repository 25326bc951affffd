import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import type { Principal } from '#auth';
import {
  articleStreamId,
  decide,
  isArticleRuleError,
  type ArticleCommand,
  type ArticleEvent,
  type ArticleState,
} from '#editorial';
import { WrongExpectedRevisionError, type EventStore, type Position } from '#event-store';
import type { AppConfig } from '../config.js';
import { ApiProblem } from '../http/problem.js';
import { APP_CONFIG, EVENT_STORE, READ_MODELS } from '../infrastructure/tokens.js';
import type { ReadModels } from '../infrastructure/read-models.provider.js';
import { ArticleLoader, toArticleEvent, writesUnder, type KeyedWrites } from './article-loader.js';

// Each round of a race lets at least one writer through; jittered backoff spreads the rest.
const MAX_ATTEMPTS = 50;
const MAX_BACKOFF_MS = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string) => UUID.test(value);

export const articleNotFound = () => new ApiProblem(404, 'article_not_found', 'No such article');

/** What `If-Match` asked for: undefined when absent; `'*'` matches any existing version. */
export type ExpectedVersion = number[] | '*' | undefined;

/** The request a command came from: who sent it, the version it expects, its Idempotency-Key. */
export interface CommandContext {
  user: Principal;
  expected: ExpectedVersion;
  idempotency?: {
    /** sha256 of user and Idempotency-Key: kept in the event metadata, never the raw key. */
    key: string;
    /** sha256 of method, path and body. */
    fingerprint: string;
  };
  /** Told when the answer comes from what this request's key already wrote, not from a new write. */
  onReplay?: () => void;
}

/** A stable article id for a draft sent with an Idempotency-Key (UUID layout, version 8). */
export function articleIdForIdempotencyKey(key: string): string {
  const hex = createHash('sha256').update(`article-id\n${key}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface Written {
  /** The article's version after the write: the number of events in its stream. */
  version: number;
  events: ArticleEvent[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs one command against one article stream: read, fold, decide, append with the expected
 * revision. Without If-Match a lost race is resolved by re-reading and re-deciding; with it, the
 * caller's version is the expected revision and any mismatch is a 412. Answers only after the
 * read models applied the write.
 */
@Injectable()
export class ArticleWriter {
  private readonly logger = new Logger('ArticleWriter');
  private readonly articles: ArticleLoader;
  private readonly turns = new Map<string, Promise<void>>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.articles = new ArticleLoader(store);
  }

  async execute(command: ArticleCommand, context: CommandContext): Promise<Written> {
    const articleId = command.data.articleId;
    if (!isUuid(articleId)) throw articleNotFound();
    const streamId = articleStreamId(articleId);
    const { written, position } = await this.oneAtATime(streamId, () => this.write(streamId, command, context));
    await this.awaitReadModels(position);
    return written;
  }

  /**
   * Commands on one article take turns in this process: racing each other they could only lose
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

  /** Read, decide and append until the append lands, or a rule or If-Match refuses the command. */
  private async write(streamId: string, command: ArticleCommand, context: CommandContext): Promise<{ written: Written; position: Position }> {
    const { expected, idempotency } = context;
    for (let attempt = 1; ; attempt++) {
      const { state, keyed } = await this.articles.load(streamId);
      const earlier = idempotency && (await this.alreadyWritten(streamId, keyed, idempotency));
      if (earlier) {
        context.onReplay?.();
        return earlier;
      }
      const events = this.decideInContractOrder(command, state, expected);
      const readModelsDown = this.readModels.unavailable();
      if (readModelsDown) {
        throw new ApiProblem(503, 'read_models_unavailable', `Nothing was written: the read models stopped and could not show the write (${readModelsDown.message})`);
      }
      const revision = state === null ? 'no_stream' : BigInt(state.version - 1);
      const metadata = idempotency ? { idempotencyKey: idempotency.key, requestFingerprint: idempotency.fingerprint } : {};
      try {
        const { position } = await this.store.appendToStream(
          streamId,
          events.map((event) => ({ id: randomUUID(), type: event.type, data: event.data, metadata: { ...event.metadata, ...metadata } })),
          revision,
        );
        return { written: { version: (state?.version ?? 0) + events.length, events }, position };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (expected !== undefined) throw this.preconditionFailed(expected, 'another write changed the article first');
        if (attempt >= MAX_ATTEMPTS) {
          throw new ApiProblem(409, 'write_contention', `The article changed ${MAX_ATTEMPTS} times while this command was decided; retry it`);
        }
        this.logger.debug('Write race lost; re-reading and re-deciding', { articleId: command.data.articleId, attempt, command: command.type });
        await sleep(Math.random() * Math.min(MAX_BACKOFF_MS, 5 * attempt));
      }
    }
  }

  /**
   * The events this very request appended before the process died, or before the read models
   * showed them, and before its response was recorded under its Idempotency-Key: the retry
   * answers from them and writes nothing.
   */
  private async alreadyWritten(
    streamId: string,
    keyed: KeyedWrites | null,
    idempotency: NonNullable<CommandContext['idempotency']>,
  ): Promise<{ written: Written; position: Position } | undefined> {
    const writes = writesUnder(keyed, idempotency.key);
    if (writes.length === 0) return undefined;
    if (writes.some((write) => write.fingerprint !== idempotency.fingerprint)) {
      throw new ApiProblem(422, 'idempotency_key_reused', 'This Idempotency-Key was used for a different request');
    }
    const first = writes.reduce((lowest, write) => (write.firstRevision < lowest ? write.firstRevision : lowest), writes[0].firstRevision);
    const last = writes.reduce((highest, write) => (write.lastRevision > highest ? write.lastRevision : highest), writes[0].lastRevision);
    const stored = await this.store.readStream(streamId, { fromRevision: first, maxCount: Number(last - first) + 1 });
    const mine = stored.filter((event) => event.metadata.idempotencyKey === idempotency.key);
    const latest = mine[mine.length - 1];
    return { written: { version: Number(latest.revision) + 1, events: mine.map(toArticleEvent) }, position: latest.position };
  }

  /**
   * Existence (404) is checked before If-Match (412), and If-Match before the rules (403, 409) and
   * before what the request is measured against the article by (400 quote_not_found): a client
   * holding an old version learns that first, since the rest follows from it.
   */
  private decideInContractOrder(command: ArticleCommand, state: ArticleState | null, expected: ExpectedVersion): ArticleEvent[] {
    let events: ArticleEvent[] | undefined;
    let ruleError: unknown;
    try {
      events = decide(command, state, { now: () => new Date(), newId: randomUUID });
    } catch (error) {
      // Of the invalid inputs only quote_not_found depends on the article's text; the others are the request's own.
      if (!isArticleRuleError(error) || error.category === 'not_found' || (error.category === 'invalid' && error.code !== 'quote_not_found')) throw error;
      ruleError = error;
    }
    if (expected !== undefined && command.type !== 'DraftArticle') {
      const current = state?.version ?? 0;
      if (expected === '*' ? state === null : !expected.includes(current)) throw this.preconditionFailed(expected, `the article is at version ${current}`);
    }
    if (ruleError !== undefined) throw ruleError;
    return events!;
  }

  private preconditionFailed(expected: ExpectedVersion, why: string): ApiProblem {
    const versions = expected === '*' ? [] : (expected ?? []);
    const asked = expected === '*' ? 'If-Match *' : versions.length > 0 ? `If-Match ${versions.map((version) => `"${version}"`).join(', ')}` : 'An If-Match without a strong version tag';
    return new ApiProblem(412, 'precondition_failed', `${asked} does not match: ${why}; nothing was written`);
  }

  private async awaitReadModels(position: Position): Promise<void> {
    try {
      await this.readModels.waitFor(position, this.config.readYourWritesTimeoutMs);
    } catch (error) {
      throw new ApiProblem(503, 'read_models_behind', `The write is stored but the read models have not applied it yet: ${(error as Error).message}`);
    }
  }
}
