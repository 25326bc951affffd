import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiResponse as ApiAnswer, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ArticleRuleError } from '#editorial';
import { claimReviewOfFactCheck, claimReviewsOfArticle, type ClaimReviewDocument, type ClaimReviewSettings } from '#claim-review';
import type { ApiResponse } from '../http/api-request.js';
import { IdParam, isUuid } from '../http/id.js';
import { ApiAuthenticated, ApiProblems } from '../http/openapi.decorators.js';
import { ApiProblem, ProblemDto } from '../http/problem.js';
import { claimReviewSettings, type AppConfig } from '../config.js';
import type { ReadModels } from '../infrastructure/read-models.provider.js';
import { APP_CONFIG, READ_MODELS } from '../infrastructure/tokens.js';

export const LD_JSON = 'application/ld+json';


const CLAIM_REVIEW_SCHEMA = {
  type: 'object',
  description: 'A schema.org ClaimReview (JSON-LD, @context https://schema.org)',
  required: ['@context', '@type', 'url', 'claimReviewed', 'itemReviewed', 'reviewRating'],
  properties: {
    '@context': { type: 'string', example: 'https://schema.org' },
    '@type': { type: 'string', example: 'ClaimReview' },
    url: { type: 'string', format: 'uri' },
    claimReviewed: { type: 'string' },
    inLanguage: { type: 'string', example: 'ar' },
    datePublished: { type: 'string', format: 'date-time' },
    dateModified: { type: 'string', format: 'date-time' },
    author: { type: 'object' },
    itemReviewed: { type: 'object' },
    reviewRating: { type: 'object' },
    citation: { type: 'array', items: { type: 'object' } },
    correction: { type: 'array', items: { type: 'object' } },
  },
};

@ApiTags('exports')
@ApiAuthenticated()
@Controller()
export class ClaimReviewsController {
  private readonly settings: ClaimReviewSettings;

  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    // An AppConfig built by hand (tests) may leave them out: then they are what loadConfig gives when nothing is set.
    this.settings = config.claimReview ?? claimReviewSettings(() => undefined, 3000);
  }

  @Get('articles/:id/claim-reviews')
  @ApiOperation({
    summary: 'schema.org ClaimReview of every active claim with a verdict',
    description:
      'JSON-LD for search engines and fact-check aggregators: one ClaimReview per active claim with a verdict, rated by its latest verdict; earlier verdicts appear as `correction` entries. URLs come from PUBLIC_ARTICLE_URL, the author from PUBLISHER_NAME and PUBLISHER_URL.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'Article id, case-insensitive (a malformed id is a 404)', example: '0192f0c1-7c1e-7a3b-9d2e-4f5a6b7c8d9e' })
  @ApiProduces(LD_JSON)
  @ApiProblems(404)
  @ApiOkResponse({ content: { [LD_JSON]: { schema: { type: 'array', items: CLAIM_REVIEW_SCHEMA } } }, description: 'The reviews, possibly none' })
  articleClaimReviews(@Param('id', IdParam) id: string, @Res({ passthrough: true }) res: ApiResponse): ClaimReviewDocument[] {
    const article = isUuid(id) ? this.readModels.queries.getArticle(id) : null;
    if (!article) throw new ApiProblem(404, 'article_not_found', 'No such article');
    const claims = article.claims
      .filter((claim) => claim.status === 'active')
      .map((claim) => ({
        id: claim.id,
        articleId: article.id,
        quote: claim.quote,
        language: article.language,
        claimant: claim.claimant,
        claimedAt: claim.claimedAt,
        verdicts: claim.verdicts.map((verdict) => ({ ...verdict, by: verdict.by ?? '' })),
      }));
    res.setHeader('Content-Type', `${LD_JSON}; charset=utf-8`);
    return claimReviewsOfArticle(claims, this.settings);
  }

  @Get('fact-checks/:id/claim-review')
  @ApiOperation({
    summary: 'schema.org ClaimReview of a fact-check',
    description:
      'JSON-LD for search engines and fact-check aggregators: the fact-check rated by its latest verdict, earlier verdicts as `correction` entries, every linked article as an `appearance` of the claim. The URL comes from PUBLIC_FACT_CHECK_URL (no fragment), appearances from PUBLIC_ARTICLE_URL, the author from PUBLISHER_NAME and PUBLISHER_URL.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'Fact-check id, case-insensitive (a malformed id is a 404)', example: '0192f0c1-7c1e-7a3b-9d2e-4f5a6b7c8d9f' })
  @ApiProduces(LD_JSON)
  @ApiAnswer({
    status: 404,
    description: 'fact_check_not_found: unknown fact-check (also for a malformed id); claim_review_not_found: the fact-check has no verdict yet',
    content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
  })
  @ApiOkResponse({ content: { [LD_JSON]: { schema: CLAIM_REVIEW_SCHEMA } }, description: 'The review, rated by the latest verdict' })
  factCheckClaimReview(@Param('id', IdParam) id: string, @Res({ passthrough: true }) res: ApiResponse): ClaimReviewDocument {
    const factCheck = isUuid(id) ? this.readModels.factChecks.getFactCheck(id) : null;
    if (!factCheck) throw new ArticleRuleError('fact_check_not_found', `No fact-check ${id}`);
    const review = claimReviewOfFactCheck(
      { ...factCheck, verdicts: factCheck.verdicts.map((verdict) => ({ ...verdict, by: verdict.by ?? '' })) },
      this.settings,
    );
    if (!review) throw new ApiProblem(404, 'claim_review_not_found', `Fact-check ${id} has no verdict yet`);
    res.setHeader('Content-Type', `${LD_JSON}; charset=utf-8`);
    return review;
  }
}
