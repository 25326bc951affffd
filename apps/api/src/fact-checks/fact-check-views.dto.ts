import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { ARTICLE_LIFECYCLE_STATUSES, ArticleRuleError, CLAIM_VERDICT_FILTERS, LIMITS, isIsoDateOrDateTime } from '#editorial';
import { PageQueryDto, VerdictViewDto } from '../articles/article-views.dto.js';
import { DomainRule } from '../http/validation.js';

const BOOLEANS: Record<string, boolean> = { true: true, false: false };

export class ListFactChecksQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: LIMITS.statement.max, description: 'Finds these words in statements and in the quotes of linked claims, through the matching form that ignores tashkeel, tatweel, letter variants and bidi marks; best match first (the cursor then pages through the ranking)' })
  @IsOptional()
  @IsString()
  @Length(1, LIMITS.statement.max)
  q?: string;

  @ApiPropertyOptional({ enum: CLAIM_VERDICT_FILTERS, description: 'The latest verdict, or pending before the first' })
  @IsOptional()
  @IsIn(CLAIM_VERDICT_FILTERS)
  verdict?: (typeof CLAIM_VERDICT_FILTERS)[number];

  @ApiPropertyOptional({ type: Boolean, description: 'true: only fact-checks later disproven; false: only the others' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && value in BOOLEANS ? BOOLEANS[value] : value))
  @IsBoolean()
  laterDisproven?: boolean;
}

export class GetFactCheckQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'The fact-check as it stood at this instant: an ISO-8601 date-time with Z or an offset, or a date (its 00:00 UTC); 404 if it did not exist yet' })
  @IsOptional()
  @DomainRule((value, field) => {
    if (!isIsoDateOrDateTime(value)) throw new ArticleRuleError('invalid_input', `${field} must be an ISO-8601 date or date-time in the years 0000–9999 (UTC)`, { field });
  })
  asOf?: string;
}

export class AppearanceDto {
  @ApiProperty({ format: 'uuid' }) articleId: string;
  @ApiProperty({ format: 'uuid' }) claimId: string;
}

export class FactCheckViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() statement: string;
  @ApiProperty({ example: 'ar' }) language: string;
  @ApiProperty({ nullable: true, type: String }) claimant: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'A date as given, or a date-time as a UTC instant' }) claimedAt: string | null;
  @ApiProperty({ enum: CLAIM_VERDICT_FILTERS, description: 'Latest verdict, or pending' }) verdict: string;
  @ApiProperty({ description: 'Latest verdict is false and an earlier one was true, mostly_true, mixed or unverifiable' }) laterDisproven: boolean;
  @ApiProperty({ type: [VerdictViewDto], description: 'Every verdict, oldest first' }) verdicts: VerdictViewDto[];
  @ApiProperty({ type: [AppearanceDto], description: 'The article claims that follow it, in link order' }) appearances: AppearanceDto[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class FactCheckListItemDto extends FactCheckViewDto {
  @ApiProperty({ type: 'integer', description: 'How many verdicts it has in all; in a list, `verdicts` holds only the latest 10 (oldest first)' }) verdictCount: number;
}

export class FactCheckPageDto {
  @ApiProperty({ type: [FactCheckListItemDto], description: 'Newest first, or best match first with q' }) items: FactCheckListItemDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class ImpactItemDto {
  @ApiProperty({ format: 'uuid' }) articleId: string;
  @ApiProperty() articleTitle: string;
  @ApiProperty({ enum: ARTICLE_LIFECYCLE_STATUSES }) status: string;
  @ApiProperty({ format: 'uuid' }) claimId: string;
  @ApiProperty() quote: string;
  @ApiProperty({ description: 'The article is published and a verdict made one of its claims later disproven: readers need a correction' }) correctionNeeded: boolean;
  @ApiProperty({ type: [String], description: 'Languages of the article’s approved translations' }) translations: string[];
}

export class ImpactDto {
  @ApiProperty({ type: [ImpactItemDto], description: 'One per linked claim; those needing a correction first, then in link order' }) items: ImpactItemDto[];
}
