import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsUUID } from 'class-validator';
import { LIMITS, canonicalLanguage, normalizeText, validClaimedAt } from '#editorial';
import { canonicalId } from '../http/id.js';
import { DomainRule } from '../http/validation.js';

const TEXT = 'Unicode code points after NFC; NUL and other C0 controls except tab, LF and CR are rejected.';

export class CreateFactCheckDto {
  @ApiProperty({ minLength: LIMITS.statement.min, maxLength: LIMITS.statement.max, description: `The claim as checked once, 1–2,000 characters. ${TEXT}`, example: 'العراق يمتلك أسلحة دمار شامل' })
  @DomainRule((value, field) => normalizeText(field, value, LIMITS.statement))
  statement: string;

  @ApiProperty({ description: 'BCP 47 language tag of the statement', example: 'ar' })
  @DomainRule((value, field) => canonicalLanguage(field, value))
  language: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: LIMITS.claimant.max, description: 'Who made the claim.' })
  @IsOptional()
  @DomainRule((value, field) => normalizeText(field, value, LIMITS.claimant))
  claimant?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'When the claim was made: ISO-8601 date or date-time (a date-time is stored as the UTC instant).', example: '2003-02-05' })
  @IsOptional()
  @DomainRule(validClaimedAt)
  claimedAt?: string | null;
}

export class LinkFactCheckDto {
  @ApiProperty({ format: 'uuid', description: 'The fact-check the claim follows from now on (404 fact_check_not_found when unknown)' })
  @Transform(({ value }) => (typeof value === 'string' ? canonicalId(value) : value))
  @IsUUID('all')
  factCheckId: string;
}

export class FactCheckCreatedDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: 'integer', description: 'Number of events in the fact-check stream; also sent as ETag: "<version>"', example: 1 }) version: number;
}

export class FactCheckVerdictRecordedDto {
  @ApiProperty({ type: 'integer', description: 'Number of events in the fact-check stream; also sent as ETag: "<version>"', example: 2 }) version: number;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 1000, description: 'How many linked claims recorded this verdict (answered once all have, and the read models show it)' }) appearances: number;
}

export class ArticleVersionDto {
  @ApiProperty({ type: 'integer', description: 'Number of events in the article stream; also sent as ETag: "<version>"', example: 5 }) version: number;
}
