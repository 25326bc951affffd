import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query as QueryParams } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import {
  ArticleRuleError,
  claimVerdict,
  factCheckStreamId,
  foldFactCheckAsOf,
  instantOf,
  isLaterDisproven,
  type ArticleCommand,
  type FactCheckCommand,
  type FactCheckEvent,
  type FactCheckState,
  type FactCheckVerdictRecorded,
} from '#editorial';
import { StreamNotFoundError, type EventStore } from '#event-store';
import { normalizeInstant } from '#read-models';
import { withCursor } from '../articles/article.queries.js';
import { domainEventOf } from '../commands/aggregate.js';
import { isUuid } from '../http/id.js';
import { idForIdempotencyKey } from '../idempotency/idempotency.js';
import { FactCheckPageDto, FactCheckViewDto, GetFactCheckQueryDto, ImpactDto, ListFactChecksQueryDto } from './fact-check-views.dto.js';
import { articleAggregate } from '../articles/article.aggregate.js';
import { RecordVerdictDto } from '../articles/article-commands.dto.js';
import { answer, type CommandAnswer } from '../commands/command-answer.js';
import { CommandRequest, type CommandContext } from '../commands/command-request.js';
import { CommandWriter, WriteCommand, type Written } from '../commands/command-writer.js';
import { readModelsReflect } from '../commands/read-your-writes.js';
import type { AppConfig } from '../config.js';
import { Roles } from '../http/auth.guard.js';
import { IdParam } from '../http/id.js';
import { ApiAuthenticated, ApiCommand, ApiProblems, COMMAND_HEADERS } from '../http/openapi.decorators.js';
import { ApiProblem } from '../http/problem.js';
import type { ReadModels } from '../infrastructure/read-models.provider.js';
import { APP_CONFIG, EVENT_STORE, READ_MODELS } from '../infrastructure/tokens.js';
import { ArticleVersionDto, CreateFactCheckDto, FactCheckCreatedDto, FactCheckVerdictRecordedDto, LinkFactCheckDto } from './fact-check-commands.dto.js';
import { factCheckAggregate } from './fact-check.aggregate.js';
import { FactCheckProcessManager } from './fact-check-process-manager.js';

function factCheckViewOf(state: FactCheckState): FactCheckViewDto {
  const { factCheckId, statement, language, claimant, claimedAt, verdicts, appearances, createdAt, updatedAt } = state;
  return {
    id: factCheckId,
    statement,
    language,
    claimant,
    claimedAt,
    verdict: claimVerdict(state),
    laterDisproven: isLaterDisproven(verdicts.map((entry) => entry.verdict)),
    verdicts: verdicts.map(({ verdict, rationale, sources, by, at }) => ({ verdict, rationale, sources, by, at: normalizeInstant(at) })),
    appearances: appearances.map(({ articleId, claimId }) => ({ articleId, claimId })),
    createdAt: normalizeInstant(createdAt),
    updatedAt: normalizeInstant(updatedAt),
  };
}

// A propagation to 1,000 appearances takes seconds; the answer waits for it at least this long.
const MIN_PROPAGATION_WAIT_MS = 60_000;
// A link that lost the race for the fact-check's version to another link or verdict starts again.
const LINK_ATTEMPTS = 20;

const factCheckIdParam = ApiParam({ name: 'id', format: 'uuid', description: 'Fact-check id, case-insensitive (a malformed id is a 404)', example: '6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b' });

@ApiTags('fact-checks')
@ApiAuthenticated()
@Controller('fact-checks')
export class FactChecksController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CommandWriter) private readonly writer: CommandWriter,
    @Inject(FactCheckProcessManager) private readonly processManager: FactCheckProcessManager,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List fact-checks, newest first; with q, those whose statement or linked quotes hold the words, best match first' })
  @ApiProblems(400)
  @ApiOkResponse({ type: FactCheckPageDto })
  list(@QueryParams() { q, verdict, laterDisproven, limit, cursor }: ListFactChecksQueryDto): FactCheckPageDto {
    return withCursor(() => this.readModels.factChecks.listFactChecks({ q, verdict, laterDisproven, limit, cursor }));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One fact-check with every verdict; with asOf, as it stood at that instant' })
  @factCheckIdParam
  @ApiProblems(400, 404)
  @ApiOkResponse({ type: FactCheckViewDto })
  async get(@Param('id', IdParam) id: string, @QueryParams() { asOf }: GetFactCheckQueryDto): Promise<FactCheckViewDto> {
    const factCheck = !isUuid(id) ? null : asOf === undefined ? this.readModels.factChecks.getFactCheck(id) : await this.asOf(id, asOf);
    if (!factCheck) throw new ArticleRuleError('fact_check_not_found', asOf ? `No fact-check ${id} at that instant` : `No fact-check ${id}`);
    return factCheck;
  }

  @Get(':id/impact')
  @ApiOperation({ summary: 'Every article claim that follows the fact-check, those whose article needs a correction first' })
  @factCheckIdParam
  @ApiProblems(404)
  @ApiOkResponse({ type: ImpactDto })
  impact(@Param('id', IdParam) id: string): ImpactDto {
    if (!isUuid(id) || !this.readModels.factChecks.getFactCheck(id)) throw new ArticleRuleError('fact_check_not_found', `No fact-check ${id}`);
    return { items: this.readModels.factChecks.factCheckImpact(id) };
  }

  /** As of an instant, from the fact-check's own events (a stream of at most ~1,100). */
  private async asOf(id: string, asOf: string): Promise<FactCheckViewDto | null> {
    let events;
    try {
      events = await this.store.readStream(factCheckStreamId(id));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return null;
      throw error;
    }
    const state = foldFactCheckAsOf(
      events.map((event) => domainEventOf<FactCheckEvent>(event)),
      instantOf(asOf),
    );
    return state && factCheckViewOf(state);
  }

  @Post()
  @Roles('fact_checker')
  @ApiOperation({ summary: 'Create a fact-check: a claim checked once, that article claims follow' })
  @ApiCommand({ ifMatch: false })
  @ApiCreatedResponse({
    type: FactCheckCreatedDto,
    headers: { ...COMMAND_HEADERS, Location: { description: '/fact-checks/{id}', schema: { type: 'string' } } },
  })
  async create(@Body() input: CreateFactCheckDto, @CommandRequest() context: CommandContext): Promise<CommandAnswer<FactCheckCreatedDto>> {
    const factCheckId = context.idempotency ? idForIdempotencyKey('fact-check', context.idempotency.key) : randomUUID();
    const written = await this.write(factCheckId, { type: 'CreateFactCheck', data: { ...input, factCheckId }, userId: context.userId }, context);
    return answer(written, { id: factCheckId, version: written.version }, `/fact-checks/${factCheckId}`);
  }

  @Post(':id/verdicts')
  @Roles('fact_checker')
  @ApiOperation({
    summary: 'Record a verdict on a fact-check; answered once every linked claim recorded it and the read models show it',
  })
  @factCheckIdParam
  @ApiCommand({ ifMatch: true })
  @ApiProblems(404, 412)
  @ApiCreatedResponse({ type: FactCheckVerdictRecordedDto, headers: COMMAND_HEADERS })
  async recordVerdict(
    @Param('id', IdParam) id: string,
    @Body() input: RecordVerdictDto,
    @CommandRequest() context: CommandContext,
  ): Promise<CommandAnswer<FactCheckVerdictRecordedDto>> {
    const written = await this.write(id, { type: 'RecordFactCheckVerdict', data: { ...input, factCheckId: id }, userId: context.userId }, context);
    const { verdictId } = (written.events[0] as FactCheckVerdictRecorded).data;
    const timeoutMs = Math.max(this.config.readYourWritesTimeoutMs, MIN_PROPAGATION_WAIT_MS);
    let propagated;
    try {
      propagated = await this.processManager.waitPast({ verdictId, position: written.position }, timeoutMs);
    } catch (error) {
      throw new ApiProblem(503, 'read_models_behind', `The verdict is stored but has not reached every linked claim yet: ${(error as Error).message}`);
    }
    if (propagated?.position) {
      await readModelsReflect(this.readModels, propagated.position, this.config.readYourWritesTimeoutMs, 'The verdict reached every linked claim but the read models have not applied it yet');
    }
    const appearances = propagated?.reached ?? (await this.claimsHolding(id, verdictId));
    return answer(written, { version: written.version, appearances });
  }

  /** For a verdict propagated before this process started (a retry after a crash): the linked claims that hold it. */
  private async claimsHolding(factCheckId: string, verdictId: string): Promise<number> {
    const factCheck = await this.writer.stateOf(factCheckAggregate, factCheckId);
    let count = 0;
    for (const { articleId, claimId } of factCheck?.appearances ?? []) {
      const article = await this.writer.stateOf(articleAggregate, articleId);
      const claim = article?.claims.find((candidate) => candidate.claimId === claimId);
      if (claim?.verdicts.some((verdict) => verdict.causationId === verdictId)) count += 1;
    }
    return count;
  }

  private write(id: string, command: FactCheckCommand, context: CommandContext): Promise<Written> {
    return this.commands.execute(new WriteCommand(factCheckAggregate, id, command, context)).finally(() => this.processManager.notify());
  }
}

@ApiTags('fact-checks')
@ApiAuthenticated()
@Controller('articles')
export class ClaimLinksController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CommandWriter) private readonly writer: CommandWriter,
    @Inject(FactCheckProcessManager) private readonly processManager: FactCheckProcessManager,
  ) {}

  /**
   * Three steps (libs/editorial/README.md, "Linking and propagation"): the article's rules are
   * checked without writing; the appearance is appended to the fact-check expecting the version
   * whose verdicts the claim gets (the bound of 1,000 holds there); then the article records the
   * link with those verdicts. A crash between the last two is finished by the process manager.
   */
  @Post(':id/claims/:claimId/fact-check')
  @HttpCode(200)
  @Roles('fact_checker')
  @ApiOperation({ summary: 'Make a claim follow a fact-check: its verdicts so far are recorded on the claim, and every later one too' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'Article id (a malformed id is a 404)', example: '0b8f5a52-6c1d-4a3e-9f2b-7d4c3e2a1b0c' })
  @ApiParam({ name: 'claimId', format: 'uuid', example: '5d2e1f0a-9b8c-4d7e-a6f5-4e3d2c1b0a99' })
  @ApiCommand({ ifMatch: true })
  @ApiProblems(404, 409, 412)
  @ApiOkResponse({ type: ArticleVersionDto, headers: COMMAND_HEADERS })
  async link(
    @Param('id', IdParam) id: string,
    @Param('claimId', IdParam) claimId: string,
    @Body() { factCheckId }: LinkFactCheckDto,
    @CommandRequest() context: CommandContext,
  ): Promise<CommandAnswer<ArticleVersionDto>> {
    for (let attempt = 1; ; attempt++) {
      const factCheck = await this.writer.stateOf(factCheckAggregate, factCheckId);
      const linkWith = (type: 'LinkClaimToFactCheck' | 'CompleteFactCheckLink', state: FactCheckState): ArticleCommand => ({
        type,
        data: { articleId: id, claimId, factCheckId, verdicts: state.verdicts },
        userId: context.userId,
      });
      const article = await this.writer.stateOf(articleAggregate, id);
      const probe = linkWith('LinkClaimToFactCheck', factCheck ?? ({ verdicts: [] } as unknown as FactCheckState));
      articleAggregate.assertExists(probe, article);
      if (!factCheck) throw new ArticleRuleError('fact_check_not_found', `fact-check ${factCheckId} does not exist`);
      const reserved = factCheck.appearances.some((appearance) => appearance.claimId === claimId && appearance.articleId === id);
      const claim = article?.claims.find((candidate) => candidate.claimId === claimId);
      // Reserved by an earlier try cut short before the article's step: only that step is left.
      if (!reserved || claim?.factCheckId === factCheckId) {
        await this.writer.check(new WriteCommand(articleAggregate, id, probe, context));
        try {
          await this.commands.execute(
            new WriteCommand(factCheckAggregate, factCheckId, { type: 'LinkFactCheckAppearance', data: { factCheckId, articleId: id, claimId }, userId: context.userId }, {
              userId: context.userId,
              expected: [factCheck.version],
            }),
          );
        } catch (error) {
          if (error instanceof ApiProblem && error.code === 'precondition_failed' && attempt < LINK_ATTEMPTS) continue;
          if (error instanceof ApiProblem && error.code === 'precondition_failed') {
            throw new ApiProblem(409, 'write_contention', `The fact-check changed ${LINK_ATTEMPTS} times while the link was made; retry it`);
          }
          throw error;
        } finally {
          this.processManager.notify();
        }
      }
      const written = await this.commands.execute(
        new WriteCommand(articleAggregate, id, linkWith('CompleteFactCheckLink', factCheck), { ...context, expected: undefined }),
      );
      return answer(written, { version: written.version });
    }
  }
}
