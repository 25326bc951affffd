import { Controller, Get, Inject, Param, Query as QueryParams, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { instantOf } from '#editorial';
import { ClaimViewDto } from '../articles/article-views.dto.js';
import { withCursor } from '../articles/article.queries.js';
import type { ApiResponse } from '../http/api-request.js';
import { IdParam, isUuid } from '../http/id.js';
import { ApiAuthenticated, ApiProblems } from '../http/openapi.decorators.js';
import type { ReadModels } from '../infrastructure/read-models.provider.js';
import { READ_MODELS } from '../infrastructure/tokens.js';
import { ClaimPageDto, GetClaimQueryDto, ListClaimsQueryDto } from './claim-queries.dto.js';
import { claimNotFound } from './claim.queries.js';

@ApiTags('claims')
@ApiAuthenticated()
@Controller('claims')
export class ClaimsController {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  @Get()
  @ApiOperation({ summary: 'List claims, newest first; verdict=pending lists unchecked claims' })
  @ApiProblems(400)
  @ApiOkResponse({ type: ClaimPageDto })
  list(@QueryParams() { q, verdict, articleId, laterDisproven, limit, cursor }: ListClaimsQueryDto, @Res({ passthrough: true }) res: ApiResponse): string {
    // The page's JSON text as SQLite builds it from the stored documents: no per-claim objects to parse and serialise again.
    const page = withCursor(() => this.readModels.queries.listClaimsJson({ q, verdict, articleId, laterDisproven, limit, cursor }));
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    return page;
  }

  @Get(':claimId')
  @ApiOperation({ summary: 'One claim; with asOf, as it stood at that instant' })
  @ApiParam({ name: 'claimId', format: 'uuid', description: 'A malformed id is a 404' })
  @ApiProblems(400, 404)
  @ApiOkResponse({ type: ClaimViewDto })
  get(@Param('claimId', IdParam) claimId: string, @QueryParams() { asOf }: GetClaimQueryDto): ClaimViewDto {
    const instant = asOf === undefined ? undefined : instantOf(asOf);
    const claim = isUuid(claimId) ? this.readModels.queries.getClaim(claimId, instant) : null;
    if (!claim) throw claimNotFound(instant);
    return claim;
  }
}
