import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import {
  ArticleRuleError,
  factCheckFollowUps,
  factCheckStreamId,
  foldFactCheck,
  isFactCheckEventType,
  type FactCheckEvent,
  type FactCheckFollowUp,
  type FactCheckState,
  evolveFactCheck,
} from '#editorial';
import { comparePositions, parsePosition, serializePosition, type EventStore, type Position, type RecordedEvent } from '#event-store';
import { articleAggregate } from '../articles/article.aggregate.js';
import { domainEventOf } from '../commands/aggregate.js';
import { CommandWriter, WriteCommand } from '../commands/command-writer.js';
import type { AppConfig } from '../config.js';
import { APP_CONFIG, EVENT_STORE } from '../infrastructure/tokens.js';

export const PROCESS_MANAGER_FILE = 'process-manager.sqlite';
const NAME = 'fact-check-propagation';
const PAGE = 500;
const POLL_MS = 100;
const RETRY_MS = 200;
// Follow-ups of one fact-check event go to different articles: sent side by side, so that the
// event store commits many of them per transaction.
const CONCURRENCY = 64;
// Moving the checkpoint past events that need nothing costs an fsync: done now and then only,
// since starting again from an older one only re-reads them.
const IDLE_SAVE_MS = 2_000;

interface Waiter {
  position: Position;
  resolve(): void;
}

/** Where the propagation of a fact-check event got: how many linked claims hold its verdict, and the last write it caused. */
export interface Propagated {
  reached: number;
  position: Position | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The process manager for fact-checks (a saga in @nestjs/cqrs terms, but reading the log rather
 * than in-memory events): from its checkpoint, for each fact-check event in log order, it sends
 * the article commands `factCheckFollowUps` gives through the command pipeline, and moves the
 * checkpoint (DATA_DIR/process-manager.sqlite, synchronous=FULL) only once they are appended.
 * Killed in between, it starts again from the event: every follow-up is idempotent by its cause,
 * so what was already recorded is recorded nothing twice.
 */
@Injectable()
export class FactCheckProcessManager implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('FactCheckProcessManager');
  private readonly db: Database.Database;
  private readonly saveCheckpoint: Database.Statement<[string, string]>;
  private position: Position | null;
  private savedAt = 0;
  private stopped = false;
  private running: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private nudged = false;
  private waiters: Waiter[] = [];
  private readonly states = new Map<string, FactCheckState>();
  private readonly propagated = new Map<string, Propagated>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CommandWriter) private readonly writer: CommandWriter,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.db = new Database(join(config.dataDir, PROCESS_MANAGER_FILE));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec('CREATE TABLE IF NOT EXISTS checkpoint (name TEXT PRIMARY KEY, position TEXT NOT NULL)');
    this.saveCheckpoint = this.db.prepare('INSERT INTO checkpoint (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position');
    const saved = this.db.prepare<[string], string>('SELECT position FROM checkpoint WHERE name = ?').pluck().get(NAME);
    this.position = saved === undefined ? null : parsePosition(saved);
  }

  onApplicationBootstrap(): void {
    this.running = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
    this.db.close();
  }

  /** Something was appended that may need following up: look now instead of at the next poll. */
  notify(): void {
    if (this.wake) this.wake();
    else this.nudged = true;
  }

  /**
   * Waits until the event at this position is followed up (the checkpoint passed it); then
   * gives how far its propagation went, when this process did it. Rejects after the timeout.
   */
  async waitPast(event: { verdictId: string; position: Position }, timeoutMs: number): Promise<Propagated | undefined> {
    if (!this.past(event.position)) {
      let timer: NodeJS.Timeout | undefined;
      let waiter: Waiter | undefined;
      const reached = new Promise<void>((resolve) => {
        waiter = { position: event.position, resolve };
        this.waiters.push(waiter);
      });
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the propagation did not finish within ${timeoutMs} ms`)), timeoutMs);
      });
      this.notify();
      try {
        await Promise.race([reached, timedOut]);
      } finally {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((candidate) => candidate !== waiter);
      }
    }
    return this.propagated.get(event.verdictId);
  }

  private past(position: Position): boolean {
    return this.position !== null && comparePositions(this.position, position) >= 0;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const page = await this.store.readAll({ ...(this.position ? { after: this.position } : {}), maxCount: PAGE });
        for (const event of page.events) {
          if (isFactCheckEventType(event.type)) {
            await this.followUp(event);
            if (this.stopped) return;
            this.advance(event.position, true);
          } else {
            this.advance(event.position, false);
          }
        }
        if (page.events.length === 0 || page.isEnd) {
          if (this.position && Date.now() - this.savedAt > IDLE_SAVE_MS) this.save();
          await this.idle(POLL_MS);
        }
      } catch (error) {
        if (this.stopped) return;
        this.logger.error('Following up fact-check events failed; retrying', { message: (error as Error).message });
        await this.idle(RETRY_MS);
      }
    }
  }

  private advance(position: Position, save: boolean): void {
    this.position = position;
    if (save) this.save();
    const ready = this.waiters.filter((waiter) => this.past(waiter.position));
    if (ready.length === 0) return;
    this.waiters = this.waiters.filter((waiter) => !ready.includes(waiter));
    for (const waiter of ready) waiter.resolve();
  }

  private save(): void {
    if (!this.position) return;
    this.saveCheckpoint.run(NAME, serializePosition(this.position));
    this.savedAt = Date.now();
  }

  private idle(ms: number): Promise<void> {
    if (this.nudged) {
      this.nudged = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wake?.(), ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }

  private async followUp(recorded: RecordedEvent): Promise<void> {
    const event = domainEventOf<FactCheckEvent>(recorded);
    const before = await this.stateBefore(recorded, event.data.factCheckId);
    const commands = factCheckFollowUps(before, event);
    let reached = 0;
    let position: Position | null = null;
    const queue = [...commands];
    const worker = async () => {
      for (let command = queue.shift(); command && !this.stopped; command = queue.shift()) {
        const outcome = await this.send(command);
        if (outcome.reached) reached += 1;
        if (outcome.position && (!position || comparePositions(outcome.position, position) > 0)) position = outcome.position;
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
    this.states.set(event.data.factCheckId, evolveFactCheck(before, event));
    if (this.states.size > 10_000) this.states.clear();
    if (event.type === 'FactCheckVerdictRecorded') {
      this.propagated.set(event.data.verdictId, { reached, position });
      if (this.propagated.size > 1_000) this.propagated.delete(this.propagated.keys().next().value!);
    }
  }

  /** The fact-check as its events before this one leave it: kept from the previous event, or read again. */
  private async stateBefore(recorded: RecordedEvent, factCheckId: string): Promise<FactCheckState | null> {
    const kept = this.states.get(factCheckId);
    if (kept && BigInt(kept.version) === recorded.revision) return kept;
    if (recorded.revision === 0n) return null;
    const events = await this.store.readStream(factCheckStreamId(factCheckId), { maxCount: Number(recorded.revision) });
    return foldFactCheck(events.map((stored) => domainEventOf<FactCheckEvent>(stored)));
  }

  /** One article command, retried until it is written or refused by the rules (which no retry changes). */
  private async send(command: FactCheckFollowUp): Promise<{ reached: boolean; position: Position | null }> {
    const { articleId, claimId } = command.data;
    for (;;) {
      try {
        const written = await this.writer.execute(new WriteCommand(articleAggregate, articleId, command, { userId: command.userId, expected: undefined }));
        if (command.type !== 'RecordFactCheckVerdictOnClaim') return { reached: false, position: written.position };
        if (written.events.length > 0) return { reached: true, position: written.position };
        const article = await this.writer.stateOf(articleAggregate, articleId);
        const claim = article?.claims.find((candidate) => candidate.claimId === claimId);
        return { reached: claim?.verdicts.some((verdict) => verdict.causationId === command.data.causationId) ?? false, position: null };
      } catch (error) {
        if (error instanceof ArticleRuleError) {
          this.logger.warn('A fact-check follow-up was refused; skipped', { command: command.type, articleId, claimId, code: error.code });
          return { reached: false, position: null };
        }
        if (this.stopped) throw error;
        this.logger.warn('A fact-check follow-up failed; retrying', { command: command.type, articleId, message: (error as Error).message });
        await sleep(RETRY_MS);
      }
    }
  }
}
