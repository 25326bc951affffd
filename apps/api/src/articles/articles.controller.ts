import { Body, Controller, Get, HttpCode, Param, Post, Put, Query as QueryParams, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { ApiResponse } from '../http/api-request.js';
import { Roles } from '../http/auth.guard.js';
import { CommandRequest } from '../http/command-request.decorator.js';
import { ApiAuthenticated, ApiCommand, ApiProblems } from '../http/openapi.decorators.js';
import { invalid } from '../http/problem.js';
import {
  ArticleCreatedDto,
  ArticlePublishedDto,
  ClaimIdentifiedDto,
  DraftArticleDto,
  EmptyBodyDto,
  IdentifyClaimDto,
  RecordVerdictDto,
  RejectTranslationDto,
  ReviseDraftDto,
  SubmitTranslationDto,
  TranslationSubmittedDto,
  VersionDto,
} from './article-commands.dto.js';
import { ArticleDetailDto, ArticlePageDto, HistoryEntryDto, HistoryQueryDto, ListArticlesQueryDto } from './article-views.dto.js';
import { randomUUID } from 'node:crypto';
import type { ArticleCommand } from '#editorial';
import { articleIdForIdempotencyKey, type CommandContext, type Written } from './article-writer.service.js';
import { eventOf, ExecuteArticleCommand } from './article.commands.js';
import { GetArticleQuery, GetHistoryQuery, ListArticlesQuery } from './article.queries.js';
import { EmptyBody } from './empty-body.pipe.js';
import { IdParam } from './id.pipe.js';

const ETAG_HEADER = { ETag: { description: 'The article version after the command: "<version>"', schema: { type: 'string' } } };
const articleIdParam = ApiParam({ name: 'id', format: 'uuid', description: 'Article id, case-insensitive (a malformed id is a 404)' });

@ApiTags('articles')
@ApiAuthenticated()
@Controller('articles')
export class ArticlesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('editor')
  @ApiOperation({ summary: 'Submit a draft article' })
  @ApiCommand({ ifMatch: false })
  @ApiCreatedResponse({
    type: ArticleCreatedDto,
    headers: { ...ETAG_HEADER, Location: { description: '/articles/{id}', schema: { type: 'string' } } },
  })
  async create(@Body() input: DraftArticleDto, @CommandRequest() context: CommandContext): Promise<ArticleCreatedDto> {
    // Keyed by the Idempotency-Key, a retry after a crash finds the article it already drafted.
    const articleId = context.idempotency ? articleIdForIdempotencyKey(context.idempotency.key) : randomUUID();
    const { version } = await this.execute({ type: 'DraftArticle', data: { ...input, articleId }, userId: context.user.userId }, context);
    return { id: articleId, version };
  }

  @Put(':id/draft')
  @Roles('editor')
  @ApiOperation({ summary: 'Revise the draft: re-anchors claims (withdrawing those whose quote is gone), outdates earlier translations' })
  @articleIdParam
  @ApiCommand({ ifMatch: true })
  @ApiProblems(404, 412)
  @ApiOkResponse({ type: VersionDto, headers: ETAG_HEADER })
  async revise(
    @Param('id', IdParam) id: string,
    @Body() input: ReviseDraftDto,
    @CommandRequest() context: CommandContext,
  ): Promise<VersionDto> {
    if (input.title === undefined && input.body === undefined) {
      throw invalid('validation_failed', 'At least one of title and body is required', [
        { field: 'title', message: 'at least one of title and body is required' },
      ]);
    }
    const { version } = await this.execute({ type: 'ReviseDraft', data: { ...input, articleId: id }, userId: context.user.userId }, context);
    return { version };
  }

  @Post(':id/claims')
  @Roles('editor', 'fact_checker')
  @ApiOperation({ summary: 'Identify a claim, anchored by an exact quote of the current body (400 quote_not_found when absent)' })
  @articleIdParam
  @ApiCommand({ ifMatch: true })
  @ApiProblems(404, 412)
  @ApiCreatedResponse({ type: ClaimIdentifiedDto, headers: ETAG_HEADER })
  async identifyClaim(
    @Param('id', IdParam) id: string,
    @Body() input: IdentifyClaimDto,
    @CommandRequest() context: CommandContext,
  ): Promise<ClaimIdentifiedDto> {
    const { version, events } = await this.execute({ type: 'IdentifyClaim', data: { ...input, articleId: id }, userId: context.user.userId }, context);
    const { claimId, start, end } = eventOf(events, 'ClaimIdentified').data;
    return { claimId, start, end, version };
  }

  @Post(':id/claims/:claimId/verdicts')
  @Roles('fact_checker')
  @ApiOperation({ summary: 'Record a verdict on a claim (also after publication)' })
  @articleIdParam
  @ApiParam({ name: 'claimId', format: 'uuid' })
  @ApiCommand({ ifMatch: true })
  @ApiProblems(404, 412)
  @ApiCreatedResponse({ type: VersionDto, headers: ETAG_HEADER })
  async recordVerdict(
    @Param('id', IdParam) id: string,
    @Param('claimId', IdParam) claimId: string,
    @Body() input: RecordVerdictDto,
    @CommandRequest() context: CommandContext,
  ): Promise<VersionDto> {
    const { version } = await this.execute({ type: 'RecordVerdict', data: { ...input, articleId: id, claimId }, userId: context.user.userId }, context);
    return { version };
  }

  @Post(':id/translations')
  @Roles('translator')
  @ApiOperation({ summary: 'Submit a translation (its language must differ from the article’s: 409 same_language)' })
  @articleIdParam
  @ApiCommand({ ifMatch: true })
  @ApiProblems(404, 412)
  @ApiCreatedResponse({ type: TranslationSubmittedDto, headers: ETAG_HEADER })
  async submitTranslation(
    @Param('id', IdParam) id: string,
    @Body() input: SubmitTranslationDto,
    @CommandRequest() context: CommandContext,
  ): Promise<TranslationSubmittedDto> {
    const { version, events } = await this.execute({ type: 'SubmitTranslation', data: { ...input, articleId: id }, userId: context.user.userId }, context);
    return { translationId: eventOf(events, 'TranslationSubmitted').data.translationId, version };
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
  @ApiOkResponse({ type: VersionDto, headers: ETAG_HEADER })
  async approveTranslation(
    @Param('id', IdParam) id: string,
    @Param('translationId', IdParam) translationId: string,
    @Body(EmptyBody) _body: object,
    @CommandRequest() context: CommandContext,
  ): Promise<VersionDto> {
    const { version } = await this.execute({ type: 'ApproveTranslation', data: { articleId: id, translationId }, userId: context.user.userId }, context);
    return { version };
  }

  @Post(':id/translations/:translationId/reject')
  @HttpCode(200)
  @Roles('editor')
  @ApiOperation({ summary: 'Reject a submitted translation with a reason (not your own: 403)' })
  @articleIdParam
  @ApiParam({ name: 'translationId', format: 'uuid' })
  @ApiCommand({ ifMatch: true })
  @ApiProblems(404, 412)
  @ApiOkResponse({ type: VersionDto, headers: ETAG_HEADER })
  async rejectTranslation(
    @Param('id', IdParam) id: string,
    @Param('translationId', IdParam) translationId: string,
    @Body() input: RejectTranslationDto,
    @CommandRequest() context: CommandContext,
  ): Promise<VersionDto> {
    const { version } = await this.execute(
      { type: 'RejectTranslation', data: { articleId: id, translationId, reason: input.reason }, userId: context.user.userId },
      context,
    );
    return { version };
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
  @ApiOkResponse({ type: ArticlePublishedDto, headers: ETAG_HEADER })
  async publish(
    @Param('id', IdParam) id: string,
    @Body(EmptyBody) _body: object,
    @CommandRequest() context: CommandContext,
  ): Promise<ArticlePublishedDto> {
    const { version, events } = await this.execute({ type: 'PublishArticle', data: { articleId: id }, userId: context.user.userId }, context);
    return { version, publishedAt: eventOf(events, 'ArticlePublished').metadata.at };
  }

  private execute(command: ArticleCommand, context: CommandContext): Promise<Written> {
    return this.commands.execute(new ExecuteArticleCommand(command, context));
  }

  @Get()
  @ApiOperation({ summary: 'List articles, newest first' })
  @ApiProblems(400)
  @ApiOkResponse({ type: ArticlePageDto })
  list(@QueryParams() filter: ListArticlesQueryDto): Promise<ArticlePageDto> {
    return this.queries.execute(new ListArticlesQuery(filter));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One article with its claims and translations' })
  @articleIdParam
  @ApiProblems(404)
  @ApiOkResponse({ type: ArticleDetailDto, headers: { ETag: ETAG_HEADER.ETag } })
  async get(@Param('id', IdParam) id: string, @Res({ passthrough: true }) res: ApiResponse): Promise<ArticleDetailDto> {
    const article = await this.queries.execute(new GetArticleQuery(id));
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
    const { entries, nextVersion } = await this.queries.execute(new GetHistoryQuery(id, page));
    if (nextVersion !== null) {
      const limit = page.limit === undefined ? '' : `&limit=${page.limit}`;
      res.setHeader('Link', `</articles/${id}/history?fromVersion=${nextVersion}${limit}>; rel="next"`);
    }
    return entries;
  }
}
