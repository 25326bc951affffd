import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { ArticleRuleError, CLAIM_VERDICT_FILTERS, LIMITS, isIsoDateOrDateTime } from '#editorial';
import { ClaimListItemDto, PageQueryDto } from '../articles/article-views.dto.js';
import { canonicalId } from '../http/id.js';
import { DomainRule } from '../http/validation.js';

const BOOLEANS: Record<string, boolean> = { true: true, false: false };

export class ListClaimsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: LIMITS.quote.max, description: 'Finds these words in the quotes, through the matching form that ignores tashkeel, tatweel, letter variants and bidi marks; best match first (the cursor then pages through the ranking)' })
  @IsOptional()
  @IsString()
  @Length(1, LIMITS.quote.max)
  q?: string;

  @ApiPropertyOptional({ enum: CLAIM_VERDICT_FILTERS, description: '`pending` lists active claims without a verdict (the fact-checkers’ queue, what the dashboard counts as pending); the other values match a claim’s latest verdict, withdrawn claims included' })
  @IsOptional()
  @IsIn(CLAIM_VERDICT_FILTERS)
  verdict?: (typeof CLAIM_VERDICT_FILTERS)[number];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? canonicalId(value) : value))
  @IsUUID('all')
  articleId?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'true: only claims later disproven; false: only the others' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && value in BOOLEANS ? BOOLEANS[value] : value))
  @IsBoolean()
  laterDisproven?: boolean;
}

export class GetClaimQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'The claim as it stood at this instant: an ISO-8601 date-time with Z or an offset, or a date (its 00:00 UTC); 404 if it did not exist yet' })
  @IsOptional()
  // The same instants as a claim's claimedAt.
  @DomainRule((value, field) => {
    if (!isIsoDateOrDateTime(value)) throw new ArticleRuleError('invalid_input', `${field} must be an ISO-8601 date or date-time in the years 0000–9999 (UTC)`, { field });
  })
  asOf?: string;
}

export class ClaimPageDto {
  @ApiProperty({ type: [ClaimListItemDto], description: 'Newest identified first; each with its latest 10 verdicts at most and verdictCount' }) items: ClaimListItemDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
