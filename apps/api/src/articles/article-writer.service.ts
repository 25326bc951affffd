import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  articleStreamId,
  decide,
  foldArticle,
  isArticleRuleError,
  type ArticleCommand,
  type ArticleEvent,
  type ArticleState,
} from '#editorial';
import { StreamDeletedError, StreamNotFoundError, WrongExpectedRevisionError, type EventStore, type Position } from '#event-store';
import type { AppConfig } from '../config.js';
import { ApiProblem } from '../http/problem.js';
import { APP_CONFIG, EVENT_STORE, READ_MODELS } from '../infrastructure/tokens.js';
import type { ReadModels } from '../infrastructure/read-models.provider.js';

// Each round of a race lets at least one writer through; jittered backoff spreads the rest.
const MAX_ATTEMPTS = 30;
const MAX_BACKOFF_MS = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string) => UUID.test(value);

export const articleNotFound = () => new ApiProblem(404, 'article_not_found', 'No such article');

/** What `If-Match` asked for: undefined when absent; `'*'` matches any existing version. */
export type ExpectedVersion = number[] | '*' | undefined;

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

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(command: ArticleCommand, expected: ExpectedVersion): Promise<Written> {
    const articleId = command.data.articleId;
    if (!isUuid(articleId)) throw articleNotFound();
    const streamId = articleStreamId(articleId);
    for (let attempt = 1; ; attempt++) {
      const state = await this.load(streamId);
      const events = this.decideInContractOrder(command, state, expected);
      const revision = state === null ? 'no_stream' : BigInt(state.version - 1);
      try {
        const { position } = await this.store.appendToStream(
          streamId,
          events.map((event) => ({ id: randomUUID(), type: event.type, data: event.data, metadata: { ...event.metadata } })),
          revision,
        );
        await this.awaitReadModels(position);
        return { version: (state?.version ?? 0) + events.length, events };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (expected !== undefined) throw this.preconditionFailed(expected, 'another write changed the article first');
        if (attempt >= MAX_ATTEMPTS) {
          throw new ApiProblem(409, 'write_contention', `The article changed ${MAX_ATTEMPTS} times while this command was decided; retry it`);
        }
        this.logger.debug('Write race lost; re-reading and re-deciding', { articleId, attempt, command: command.type });
        await sleep(Math.random() * Math.min(MAX_BACKOFF_MS, 5 * attempt));
      }
    }
  }

  private async load(streamId: string): Promise<ArticleState | null> {
    try {
      const recorded = await this.store.readStream(streamId);
      return foldArticle(recorded.map((event) => ({ type: event.type, data: event.data, metadata: event.metadata }) as ArticleEvent));
    } catch (error) {
      if (error instanceof StreamNotFoundError || error instanceof StreamDeletedError) return null;
      throw error;
    }
  }

  /** Existence (404) is checked before If-Match (412), and If-Match before the rules (403, 409). */
  private decideInContractOrder(command: ArticleCommand, state: ArticleState | null, expected: ExpectedVersion): ArticleEvent[] {
    let events: ArticleEvent[] | undefined;
    let ruleError: unknown;
    try {
      events = decide(command, state, { now: () => new Date(), newId: randomUUID });
    } catch (error) {
      if (!isArticleRuleError(error) || error.category === 'invalid' || error.category === 'not_found') throw error;
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
    const asked = expected === '*' ? '*' : (expected ?? []).map((version) => `"${version}"`).join(', ');
    return new ApiProblem(412, 'precondition_failed', `If-Match ${asked} does not match: ${why}; nothing was written`);
  }

  private async awaitReadModels(position: Position): Promise<void> {
    try {
      await this.readModels.waitFor(position, this.config.readYourWritesTimeoutMs);
    } catch (error) {
      throw new ApiProblem(503, 'read_models_behind', `The write is stored but the read models have not applied it yet: ${(error as Error).message}`);
    }
  }
}
