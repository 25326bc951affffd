import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ARTICLE_STATUSES, ArticleRuleError, CLAIM_VERDICT_FILTERS, isIsoDateOrDateTime, TRANSLATION_STATUSES, VERDICTS } from '#editorial';
import { DomainRule } from '../http/validation.js';

const BOOLEANS: Record<string, boolean> = { true: true, false: false };

export class PageQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20, description: 'Decimal digits, 1–100' })
  @IsOptional()
  // Decimal digits only: Number() would also take 0x10, 1e1 and padded forms.
  @Transform(({ value }) => (typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque: the nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;
}

export class ListArticlesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ARTICLE_STATUSES })
  @IsOptional()
  @IsIn(ARTICLE_STATUSES)
  status?: (typeof ARTICLE_STATUSES)[number];

  @ApiPropertyOptional({ type: Boolean, description: 'true: only articles whose correctionNeeded is true; false: only the others' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && value in BOOLEANS ? BOOLEANS[value] : value))
  @IsBoolean()
  correctionNeeded?: boolean;
}

export class GetArticleQueryDto {
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'The article, its claims (with the verdicts known then) and translations as they stood at this instant, folded from the recorded events: an ISO-8601 date-time with Z or an offset, or a date (its 00:00 UTC); 404 if it did not exist yet',
    example: '2003-03-20T00:00:00Z',
  })
  @IsOptional()
  // The same instants as GET /claims/{claimId}?asOf= and a claim's claimedAt.
  @DomainRule((value, field) => {
    if (!isIsoDateOrDateTime(value)) throw new ArticleRuleError('invalid_input', `${field} must be an ISO-8601 date or date-time in the years 0000–9999 (UTC)`, { field });
  })
  asOf?: string;
}

export class SourceViewDto {
  @ApiProperty() url: string;
  @ApiPropertyOptional() title?: string;
}

export class VerdictViewDto {
  @ApiProperty({ enum: VERDICTS }) verdict: string;
  @ApiProperty() rationale: string;
  @ApiProperty({ type: [SourceViewDto] }) sources: SourceViewDto[];
  @ApiProperty({ nullable: true, type: String, description: 'User id of the fact-checker' }) by: string | null;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Present on a verdict recorded from the fact-check the claim follows' }) factCheckId?: string;
}

export class ClaimViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) articleId: string;
  @ApiProperty() articleTitle: string;
  @ApiProperty() quote: string;
  @ApiProperty({ type: 'integer', description: 'Start offset in Unicode code points into the current NFC body; for a withdrawn claim, where the quote stood in the last body that held it' }) start: number;
  @ApiProperty({ type: 'integer', description: 'End offset, exclusive' }) end: number;
  @ApiProperty({ nullable: true, type: String }) claimant: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'A date as given, or a date-time as a UTC instant' }) claimedAt: string | null;
  @ApiProperty({ enum: ['active', 'withdrawn'], description: 'withdrawn: a revision removed the quote from the text; the history is kept and the claim no longer blocks publishing' }) status: string;
  @ApiProperty({ enum: CLAIM_VERDICT_FILTERS, description: 'Latest verdict, or pending' }) verdict: string;
  @ApiProperty({ description: 'Latest verdict is false and an earlier one was true, mostly_true, mixed or unverifiable' }) laterDisproven: boolean;
  @ApiProperty({ type: [VerdictViewDto], description: 'Every verdict, oldest first' }) verdicts: VerdictViewDto[];
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The fact-check the claim follows (its verdicts are recorded on the claim); null when unlinked' }) factCheckId: string | null;
}

/** In lists, `verdicts` holds the latest 10 at most (API.md v2, Bounds). */
export class ClaimListItemDto extends ClaimViewDto {
  @ApiProperty({ type: 'integer', description: 'How many verdicts the claim has in all; in a list, `verdicts` holds only the latest 10 (oldest first), GET /claims/{claimId} gives them all' })
  verdictCount: number;
}

export class TranslationViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() language: string;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiProperty({ enum: TRANSLATION_STATUSES }) status: string;
  @ApiProperty({ nullable: true, type: String }) translatorId: string | null;
  @ApiProperty({ nullable: true, type: String }) reviewedBy: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why it was rejected' }) reason: string | null;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
}

export class CorrectionViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Why it was opened' }) reason: string;
  @ApiProperty({ nullable: true, type: String, description: 'What readers were told; null while open' }) note: string | null;
  @ApiProperty({ nullable: true, type: String }) openedBy: string | null;
  @ApiProperty({ format: 'date-time' }) openedAt: string;
  @ApiProperty({ nullable: true, type: String, description: 'null while open' }) publishedBy: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'null while open' }) publishedAt: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'The article version its publication produced; null while open' }) version: number | null;
}

export class PublishedTranslationViewDto {
  @ApiProperty() language: string;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
}

export class PublishedViewDto {
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiProperty({ type: 'integer', description: 'The article version that published this text' }) version: number;
  @ApiProperty({ format: 'date-time', description: 'When this version went out: the correction’s time after a correction' }) publishedAt: string;
  @ApiProperty({ type: [PublishedTranslationViewDto], description: 'The approved translations readers get with it' }) translations: PublishedTranslationViewDto[];
}

export class ArticleListItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() language: string;
  @ApiProperty({ enum: ARTICLE_STATUSES }) status: string;
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ type: 'integer', description: 'Active claims without a verdict' }) pendingClaims: number;
  @ApiProperty({ type: [String], description: 'Target languages lacking an approved, current translation' }) missingTranslations: string[];
  @ApiProperty({ description: 'True while an active claim of a published or correcting article became later disproven after its last publication (first publication or last correction); a published correction clears it, a later disproof sets it again; false once retracted' }) correctionNeeded: boolean;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class ArticlePageDto {
  @ApiProperty({ type: [ArticleListItemDto], description: 'Newest first' }) items: ArticleListItemDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class ArticleDetailDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiProperty() language: string;
  @ApiProperty({ nullable: true, type: String }) byline: string | null;
  @ApiProperty({ nullable: true, type: String }) source: string | null;
  @ApiProperty({ nullable: true, type: String }) authorId: string | null;
  @ApiProperty({ enum: ARTICLE_STATUSES }) status: string;
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ type: [String] }) targetLanguages: string[];
  @ApiProperty({ type: 'integer', description: 'Active claims without a verdict' }) pendingClaims: number;
  @ApiProperty({ type: [String], description: 'Target languages lacking an approved, current translation' }) missingTranslations: string[];
  @ApiProperty({ description: 'True while an active claim of a published or correcting article became later disproven after its last publication (first publication or last correction); a published correction clears it, a later disproof sets it again; false once retracted' }) correctionNeeded: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'The first publication; a correction does not move it' }) publishedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'The last published correction’s time' }) correctedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) retractedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) retractionReason: string | null;
  @ApiProperty({ type: [CorrectionViewDto], description: 'Oldest first' }) corrections: CorrectionViewDto[];
  @ApiProperty({ type: PublishedViewDto, nullable: true, description: 'What readers see now: the last published version and its approved translations; null before publication and once retracted. `title`/`body` are the working copy.' })
  published: PublishedViewDto | null;
  @ApiProperty({ type: [ClaimViewDto] }) claims: ClaimViewDto[];
  @ApiProperty({ type: [TranslationViewDto] }) translations: TranslationViewDto[];
}

export class HistoryQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, default: 1, description: 'Decimal digits: the first version of the page' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  fromVersion?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 1000,
    default: 1000,
    description: 'Decimal digits, 1–1,000. A page holds at most this many events, fewer once their data pass 4 MiB; a `Link: <…>; rel="next"` header (RFC 8288) gives the next page whenever more follow.',
  })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class HistoryEntryDto {
  @ApiProperty({ type: 'integer', description: 'Article version after this event' }) version: number;
  @ApiProperty({ example: 'ArticleDrafted' }) type: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ nullable: true, type: String }) by: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) data: unknown;
}
