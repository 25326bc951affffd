import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query as QueryParams, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { instantOf, type ArticleCommand, type ArticleEvent } from '#editorial';
import { answer, type CommandAnswer } from '../commands/command-answer.js';
import { CommandRequest, type CommandContext } from '../commands/command-request.js';
import { WriteCommand, type Written } from '../commands/command-writer.js';
import type { ApiResponse } from '../http/api-request.js';
import { Roles } from '../http/auth.guard.js';
import { IdParam, isUuid } from '../http/id.js';
import { idForIdempotencyKey } from '../idempotency/idempotency.js';
import { ApiAuthenticated, ApiCommand, ApiProblems, COMMAND_HEADERS } from '../http/openapi.decorators.js';
import { ApiProblem } from '../http/problem.js';
import {
  ArticleCreatedDto,
  ArticlePublishedDto,
  ArticleRetractedDto,
  ClaimIdentifiedDto,
  CorrectionOpenedDto,
  CorrectionPublishedDto,
  DraftArticleDto,
  EmptyBodyDto,
  IdentifyClaimDto,
  OpenCorrectionDto,
  PublishCorrectionDto,
  RecordVerdictDto,
  RejectTranslationDto,
  RetractArticleDto,
  ReviseDraftDto,
  SubmitTranslationDto,
  TranslationSubmittedDto,
  VersionDto,
} from './article-commands.dto.js';
import { articleAggregate } from './article.aggregate.js';
import { ArticleDetailDto, ArticlePageDto, GetArticleQueryDto, HistoryEntryDto, HistoryQueryDto, ListArticlesQueryDto } from './article-views.dto.js';
import { articleNotFound, withCursor } from './article.queries.js';
import { EmptyBody } from './empty-body.pipe.js';
import type { ReadModels } from '../infrastructure/read-models.provider.js';
import { READ_MODELS } from '../infrastructure/tokens.js';

function eventOf<Type extends ArticleEvent['type']>(written: Written, type: Type): Extract<ArticleEvent, { type: Type }> {
  const event = written.events.find((candidate) => candidate.type === type);
  if (!event) throw new Error(`decide returned no ${type}`);
  return event as Extract<ArticleEvent, { type: Type }>;
}

const ETAG_HEADER = { ETag: { description: 'The article version: "<version>"', schema: { type: 'string' } } };
const articleIdParam = ApiParam({ name: 'id', format: 'uuid', description: 'Article id, case-insensitive (a malformed id is a 404)' });

@ApiTags('articles')
@ApiAuthenticated()
@Controller('articles')
export class ArticlesController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
  ) {}

  @Post()
  @Roles('editor')
  @ApiOperation({ summary: 'Submit a draft article' })
  @ApiCommand({ ifMatch: false })
  @ApiCreatedResponse({
    type: ArticleCreatedDto,
    headers: { ...COMMAND_HEADERS, Location: { description: '/articles/{id}', schema: { type: 'string' } } },
  })
  async create(@Body() input: DraftArticleDto, @CommandRequest() context: CommandContext): Promise<CommandAnswer<ArticleCreatedDto>> {
    const articleId = context.idempotency ? idForIdempotencyKey('article', context.idempotency.key) : randomUUID();
    const written = await this.write(articleId, { type: 'DraftArticle', data: { ...input, articleId }, userId: context.userId }, context);
    return answer(written, { id: articleId, version: written.version }, `/articles/${articleId}`);
  }

  @Put(':id/draft')
  @Roles('editor')
  @ApiOperation({ summary: 'Revise the draft: re-anchors claims (withdrawing those whose quote is gone), outdates earlier translations' })
  @articleIdParam
  @ApiCommand({ ifMatch: true })
  @ApiProblems(404, 412)
  @ApiOkResponse({ type: VersionDto, headers: COMMAND_HEADERS })
  async revise(
    @Param('id', IdParam) id: string,
    @Body() input: ReviseDraftDto,
    @CommandRequest() context: CommandContext,
  ): Promise<CommandAnswer<VersionDto>> {
    const written = await this.write(id, { type: 'ReviseDraft', data: { ...input, articleId: id }, userId: context.userId }, context);
    return answer(written, { version: written.version });
  }

  @Post(':id/claims')
  @Roles('editor', 'fact_checker')
  @ApiOperation({ summary: 'Identify a claim, anchored by an exact quote of the current body (400 quote_not_found when absent)' })
  @articleIdParam
  @ApiCommand({ ifMatch: true })
  @ApiProblems(404, 412)
  @ApiCreatedResponse({ type: ClaimIdentifiedDto, headers: COMMAND_HEADERS })
  async identifyClaim(
    @Param('id', IdParam) id: string,
    @Body() input: IdentifyClaimDto,
    @CommandRequest() context: CommandContext,
  ): Promise<CommandAnswer<ClaimIdentifiedDto>> {
    const written = await this.write(id, { type: 'IdentifyClaim', data: { ...input, articleId: id }, userId: context.userId }, context);
    const { claimId, start, end } = eventOf(written, 'ClaimIdentified').data;
    return answer(written, { claimId, start, end, version: written.version });
  }

  @Post(':id/claims/:claimId/verdicts')
  @Roles('fact_checker')
  @ApiOperation({ summary: 'Record a verdict on a claim (also after publication)' })
  @articleIdParam
  @ApiParam({ name: 'claimId', format: 'uuid' })
  @ApiCommand({ ifMatch: true })
  @ApiProblems(404, 412)
  @ApiCreatedResponse({ type: VersionDto, headers: COMMAND_HEADERS })
  async recordVerdict(
    @Param('id', IdParam) id: string,
    @Param('claimId', IdParam) claimId: string,
    @Body() input: RecordVerdictDto,
    @CommandRequest() context: CommandContext,
  ): Promise<CommandAnswer<VersionDto>> {
    const written = await this.write(id, { type: 'RecordVerdict', data: { ...input, articleId: id, claimId }, userId: context.userId }, context);
    return answer(written, { version: written.version });
  }

  @Post(':id/translations')
  @Roles('translator')
  @ApiOperation({ summary: 'Submit a translation (its language must differ from the article’s: 409 same_language)' })
  @articleIdParam
  @ApiCommand({ ifMatch: true })
  @ApiProblems(404, 412)
  @ApiCreatedResponse({ type: TranslationSubmittedDto, headers: COMMAND_HEADERS })
  async submitTranslation(
    @Param('id', IdParam) id: string,
    @Body() input: SubmitTranslationDto,
    @CommandRequest() context: CommandContext,
  ): Promise<CommandAnswer<TranslationSubmittedDto>> {
    const written = await this.write(id, { type: 'SubmitTranslation', data: { ...input, articleId: id }, userId: context.userId }, context);
    return answer(written, { translationId: eventOf(written, 'TranslationSubmitted').data.translationId, version: written.version });
  }

  @Post(':id/translations/:translationId/approve')
  @HttpCode(200)
  @Roles('editor')
  @ApiOperation({ summary: 'Approve a submitted translation (not your own: 403)' })
  @articleIdParam
  @ApiParam({ name: 'translationId', format: 'uuid' })
  @ApiBody({ type: EmptyBodyDto, required: false })
  @ApiCommand({ ifMatch: true })
  @ApiProblems(404, 412)
  @ApiOkResponse({ type: VersionDto, headers: COMMAND_HEADERS })
  async approveTranslation(
    @Param('id', IdParam) id: string,
    @Param('translationId', IdParam) translationId: string,
    @Body(EmptyBody) _body: object,
    @CommandRequest() context: CommandContext,
  ): Promise<CommandAnswer<VersionDto>> {
    const written = await this.write(id, { type: 'ApproveTranslation', data: { articleId: id, translationId }, userId: context.userId }, context);
    return answer(written, { version: written.version });
  }

  @Post(':id/translations/:translationId/reject')
  @HttpCode(200)
  @Roles('editor')
  @ApiOperation({ summary: 'Reject a submitted translation with a reason (not your own: 403)' })
  @articleIdParam
  @ApiParam({ name: 'translationId', format: 'uuid' })
  @ApiCommand({ ifMatch: true })
  @ApiProblems(404, 412)
  @ApiOkResponse({ type: VersionDto, headers: COMMAND_HEADERS })
  async rejectTranslation(
    @Param('id', IdParam) id: string,
    @Param('translationId', IdParam) translationId: string,
    @Body() input: RejectTranslationDto,
    @CommandRequest() context: CommandContext,
  ): Promise<CommandAnswer<VersionDto>> {
    const written = await this.write(id, { type: 'RejectTranslation', data: { articleId: id, translationId, reason: input.reason }, userId: context.userId }, context);
    return answer(written, { version: written.version });
  }

  @Post(':id/publish')
  @HttpCode(200)
  @Roles('editor')
  @ApiOperation({
    summary: 'Publish: every active claim needs a verdict and every target language an approved, current translation (else 409 not_ready with unmet)',
  })
  @articleIdParam
  @ApiBody({ type: EmptyBodyDto, required: false })
  @ApiCommand({ ifMatch: true })
  @ApiProblems(404, 412)
  @ApiOkResponse({ type: ArticlePublishedDto, headers: COMMAND_HEADERS })
  async publish(
    @Param('id', IdParam) id: string,
    @Body(EmptyBody) _body: object,
    @CommandRequest() context: CommandContext,
  ): Promise<CommandAnswer<ArticlePublishedDto>> {
    const written = await this.write(id, { type: 'PublishArticle', data: { articleId: id }, userId: context.userId }, context);
    return answer(written, { version: written.version, publishedAt: eventOf(written, 'ArticlePublished').metadata.at });
  }

  @Post(':id/corrections')
  @Roles('editor')
  @ApiOperation({
    summary:
      'Open a correction of a published article: it becomes correcting and its working copy takes revisions, claims, verdicts and translations as a draft does, while readers keep the published text (409 not_published, correction_open, article_retracted)',
  })
  @articleIdParam
  @ApiCommand({ ifMatch: true })
  @ApiProblems(404, 412)
  @ApiCreatedResponse({
    type: CorrectionOpenedDto,
    headers: { ...COMMAND_HEADERS, Location: { description: '/articles/{id}', schema: { type: 'string' } } },
  })
  async openCorrection(
    @Param('id', IdParam) id: string,
    @Body() input: OpenCorrectionDto,
    @CommandRequest() context: CommandContext,
  ): Promise<CommandAnswer<CorrectionOpenedDto>> {
    const written = await this.write(id, { type: 'OpenCorrection', data: { articleId: id, reason: input.reason }, userId: context.userId }, context);
    return answer(written, { correctionId: eventOf(written, 'CorrectionOpened').data.correctionId, version: written.version }, `/articles/${id}`);
  }

  @Post(':id/corrections/:correctionId/publish')
  @HttpCode(200)
  @Roles('editor')
  @ApiOperation({
    summary:
      'Publish the open correction with a note to readers: needs what publishing needs (409 not_ready with unmet); the working copy becomes the published text and correctionNeeded false (409 correction_not_open, article_retracted; an unknown correction is a 404)',
  })
  @articleIdParam
  @ApiParam({ name: 'correctionId', format: 'uuid', description: 'Correction id, case-insensitive (unknown or malformed: 404 correction_not_found)' })
  @ApiCommand({ ifMatch: true })
  @ApiProblems(404, 412)
  @ApiOkResponse({ type: CorrectionPublishedDto, headers: COMMAND_HEADERS })
  async publishCorrection(
    @Param('id', IdParam) id: string,
    @Param('correctionId', IdParam) correctionId: string,
    @Body() input: PublishCorrectionDto,
    @CommandRequest() context: CommandContext,
  ): Promise<CommandAnswer<CorrectionPublishedDto>> {
    const written = await this.write(id, { type: 'PublishCorrection', data: { articleId: id, correctionId, note: input.note }, userId: context.userId }, context);
    return answer(written, { version: written.version, correctedAt: eventOf(written, 'CorrectionPublished').metadata.at });
  }

  @Post(':id/retract')
  @HttpCode(200)
  @Roles('editor')
  @ApiOperation({
    summary:
      'Retract a published or correcting article for good, with a reason: readers see no text, verdicts still accrue, nothing else is accepted (409 not_published, article_retracted)',
  })
  @articleIdParam
  @ApiCommand({ ifMatch: true })
  @ApiProblems(404, 412)
  @ApiOkResponse({ type: ArticleRetractedDto, headers: COMMAND_HEADERS })
  async retract(
    @Param('id', IdParam) id: string,
    @Body() input: RetractArticleDto,
    @CommandRequest() context: CommandContext,
  ): Promise<CommandAnswer<ArticleRetractedDto>> {
    const written = await this.write(id, { type: 'RetractArticle', data: { articleId: id, reason: input.reason }, userId: context.userId }, context);
    return answer(written, { version: written.version, retractedAt: eventOf(written, 'ArticleRetracted').metadata.at });
  }

  private write(id: string, command: ArticleCommand, context: CommandContext): Promise<Written> {
    return this.commands.execute(new WriteCommand(articleAggregate, id, command, context));
  }

  @Get()
  @ApiOperation({ summary: 'List articles, newest first' })
  @ApiProblems(400)
  @ApiOkResponse({ type: ArticlePageDto })
  list(@QueryParams() { status, correctionNeeded, limit, cursor }: ListArticlesQueryDto): ArticlePageDto {
    return withCursor(() => this.readModels.queries.listArticles({ status, correctionNeeded, limit, cursor }));
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'One article with its claims, translations, corrections and what readers see now; with asOf, as it stood at that instant (answered from the recorded events; 404 if it did not exist yet)',
  })
  @articleIdParam
  @ApiProblems(400, 404)
  @ApiOkResponse({ type: ArticleDetailDto, headers: { ETag: { ...ETAG_HEADER.ETag, description: 'The article’s current version: "<version>" (not sent with asOf)' } } })
  async get(
    @Param('id', IdParam) id: string,
    @QueryParams() { asOf }: GetArticleQueryDto,
    @Res({ passthrough: true }) res: ApiResponse,
  ): Promise<ArticleDetailDto> {
    if (!isUuid(id)) throw articleNotFound();
    if (asOf !== undefined) {
      const then = await this.readModels.articleAsOf(id, instantOf(asOf));
      if (!then) throw new ApiProblem(404, 'article_not_found', 'No such article at that instant');
      return then;
    }
    const article = this.readModels.queries.getArticle(id);
    if (!article) throw articleNotFound();
    res.setHeader('ETag', `"${article.version}"`);
    return article;
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'The article’s events in order, a page at a time (fromVersion, limit)' })
  @articleIdParam
  @ApiProblems(400, 404)
  @ApiOkResponse({
    type: [HistoryEntryDto],
    headers: { Link: { description: 'When more events follow: `</articles/{id}/history?fromVersion=N&limit=L>; rel="next"` (RFC 8288)', schema: { type: 'string' } } },
  })
  async history(
    @Param('id', IdParam) id: string,
    @QueryParams() page: HistoryQueryDto,
    @Res({ passthrough: true }) res: ApiResponse,
  ): Promise<HistoryEntryDto[]> {
    const history = isUuid(id) ? await this.readModels.history(id, page) : null;
    if (!history) throw articleNotFound();
    const { entries, nextVersion } = history;
    if (nextVersion !== null) {
      const limit = page.limit === undefined ? '' : `&limit=${page.limit}`;
      res.setHeader('Link', `</articles/${id}/history?fromVersion=${nextVersion}${limit}>; rel="next"`);
    }
    return entries;
  }
}
