import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { ClaimViewDto } from '../articles/article-views.dto.js';
import { isUuid } from '../http/id.js';
import { withCursor } from '../articles/article.queries.js';
import { ApiProblem } from '../http/problem.js';
import type { ReadModels } from '../infrastructure/read-models.provider.js';
import { READ_MODELS } from '../infrastructure/tokens.js';
import type { ClaimPageDto, ListClaimsQueryDto } from './claim-queries.dto.js';

export class ListClaimsQuery extends Query<ClaimPageDto> {
  constructor(readonly filter: ListClaimsQueryDto) {
    super();
  }
}

@QueryHandler(ListClaimsQuery)
export class ListClaimsHandler implements IQueryHandler<ListClaimsQuery> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  async execute({ filter }: ListClaimsQuery): Promise<ClaimPageDto> {
    const { q, verdict, articleId, laterDisproven, limit, cursor } = filter;
    return withCursor(() => this.readModels.queries.listClaims({ q, verdict, articleId, laterDisproven, limit, cursor }));
  }
}

export class GetClaimQuery extends Query<ClaimViewDto> {
  constructor(readonly claimId: string, readonly asOf: Date | undefined) {
    super();
  }
}

@QueryHandler(GetClaimQuery)
export class GetClaimHandler implements IQueryHandler<GetClaimQuery> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  async execute({ claimId, asOf }: GetClaimQuery): Promise<ClaimViewDto> {
    const claim = isUuid(claimId) ? this.readModels.queries.getClaim(claimId, asOf) : null;
    if (!claim) throw new ApiProblem(404, 'claim_not_found', asOf ? 'No such claim at that instant' : 'No such claim');
    return claim;
  }
}

export const CLAIM_QUERY_HANDLERS = [ListClaimsHandler, GetClaimHandler];
