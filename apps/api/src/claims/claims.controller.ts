import { Controller, Get, Param, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ClaimViewDto } from '../articles/article-views.dto.js';
import { IdParam } from '../http/id.js';
import { ApiAuthenticated, ApiProblems } from '../http/openapi.decorators.js';
import { ClaimPageDto, GetClaimQueryDto, ListClaimsQueryDto } from './claim-queries.dto.js';
import { GetClaimQuery, ListClaimsQuery } from './claim.queries.js';

@ApiTags('claims')
@ApiAuthenticated()
@Controller('claims')
export class ClaimsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'List claims, newest first; verdict=pending lists unchecked claims' })
  @ApiProblems(400)
  @ApiOkResponse({ type: ClaimPageDto })
  list(@QueryParams() filter: ListClaimsQueryDto): Promise<ClaimPageDto> {
    return this.queries.execute(new ListClaimsQuery(filter));
  }

  @Get(':claimId')
  @ApiOperation({ summary: 'One claim; with asOf, as it stood at that instant' })
  @ApiParam({ name: 'claimId', format: 'uuid', description: 'A malformed id is a 404' })
  @ApiProblems(400, 404)
  @ApiOkResponse({ type: ClaimViewDto })
  get(@Param('claimId', IdParam) claimId: string, @QueryParams() { asOf }: GetClaimQueryDto): Promise<ClaimViewDto> {
    return this.queries.execute(new GetClaimQuery(claimId, asOf === undefined ? undefined : new Date(asOf.length === 10 ? `${asOf}T00:00:00Z` : asOf)));
  }
}
