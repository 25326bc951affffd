import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, ValidateIf, ValidateNested } from 'class-validator';
import {
  LIMITS,
  assertRevisesSomething,
  VERDICTS,
  canonicalLanguage,
  canonicalLanguages,
  normalizeSourceUrl,
  normalizeText,
  validClaimedAt,
  validOccurrence,
  validVerdict,
  type Verdict,
} from '#editorial';
import { DomainRule } from '../http/validation.js';

const text = (limits: { min?: number; max: number }) => (value: unknown, field: string) => normalizeText(field, value, limits);
const title = (value: unknown, field: string) => normalizeText(field, value, LIMITS.title, { trim: true });
const sourceUrl = (value: unknown, field: string) => normalizeSourceUrl(field, value);
const language = (value: unknown, field: string) => canonicalLanguage(field, value);
const revisedTitle = (value: unknown, field: string) => (value === undefined ? assertRevisesSomething({}) : title(value, field));
/** What Intl.getCanonicalLocales takes: letters, then subtags of 1–8 letters or digits. */
const LANGUAGE_TAG = { type: 'string', pattern: '^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$', maxLength: LIMITS.languageTag.max } as const;
/** #editorial's isHttpUrl with its case-insensitive scheme spelled out (JSON Schema patterns take no flags). */
const HTTP_URL_PATTERN = String.raw`^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#\\]+([/?#][^\s\\]*)?$`;
/** #editorial's isIsoDateOrDateTime (which also checks the calendar and the years 0000–9999). */
const CLAIMED_AT_PATTERN = String.raw`^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$`;
const TEXT = 'Unicode code points after NFC; NUL and other C0 controls except tab, LF and CR are rejected.';

export class DraftArticleDto {
  @ApiProperty({ minLength: LIMITS.title.min, maxLength: LIMITS.title.max, description: `1–300 characters after trimming. ${TEXT}`, example: 'القوات الأمريكية في العراق' })
  @DomainRule(title)
  title: string;

  @ApiProperty({ minLength: LIMITS.body.min, maxLength: LIMITS.body.max, description: `1–100,000 characters. ${TEXT}` })
  @DomainRule(text(LIMITS.body))
  body: string;

  @ApiProperty({ ...LANGUAGE_TAG, description: 'BCP 47 language tag of the article (stored in canonical case: AR-sy → ar-SY)', example: 'ar' })
  @DomainRule(language)
  language: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: LIMITS.byline.max, description: TEXT, example: 'مراسلنا في بغداد' })
  @IsOptional()
  @DomainRule(text(LIMITS.byline))
  byline?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: LIMITS.source.max, description: TEXT, example: 'Reuters' })
  @IsOptional()
  @DomainRule(text(LIMITS.source))
  source?: string | null;

  @ApiPropertyOptional({ type: 'array', items: LANGUAGE_TAG, nullable: true, maxItems: LIMITS.targetLanguages.max, description: 'Languages the article must be translated into before publishing; each differs from `language`.', example: ['en'] })
  @IsOptional()
  @DomainRule((value, field) => canonicalLanguages(field, value))
  targetLanguages?: string[];
}

export class ReviseDraftDto {
  @ApiPropertyOptional({ minLength: LIMITS.title.min, maxLength: LIMITS.title.max, description: `At least one of title and body. ${TEXT}` })
  // Absent means unchanged unless the body is absent too; null is not a title, so it fails like any other non-string.
  @ValidateIf((revision: ReviseDraftDto, value) => value !== undefined || revision.body === undefined)
  @DomainRule(revisedTitle)
  title?: string;

  @ApiPropertyOptional({ minLength: LIMITS.body.min, maxLength: LIMITS.body.max, description: 'At least one of title and body. Claims are re-anchored by their quote; translations become outdated.' })
  @ValidateIf((_, value) => value !== undefined)
  @DomainRule(text(LIMITS.body))
  body?: string;
}

export class IdentifyClaimDto {
  @ApiProperty({ minLength: LIMITS.quote.min, maxLength: LIMITS.quote.max, description: 'Exact text of the claim; must occur in the current body (after NFC).' })
  @DomainRule(text(LIMITS.quote))
  quote: string;

  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 1, maximum: Number.MAX_SAFE_INTEGER, default: 1, description: 'Which match of the quote to anchor to (1-based; null: the first).' })
  @IsOptional()
  @DomainRule(validOccurrence)
  occurrence?: number;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: LIMITS.claimant.max, description: 'Who made the claim.' })
  @IsOptional()
  @DomainRule(text(LIMITS.claimant))
  claimant?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, pattern: CLAIMED_AT_PATTERN, description: 'When the claim was made: ISO-8601 date or date-time. A date is kept as given; a date-time is stored as the UTC instant (2003-03-17T20:15+03:00 → 2003-03-17T17:15:00.000Z).', example: '2003-02-05' })
  @IsOptional()
  @DomainRule(validClaimedAt)
  claimedAt?: string | null;
}

export class SourceDto {
  @ApiProperty({ description: 'An http or https URL with a host, as a reader would type it (no spaces or backslashes)', pattern: HTTP_URL_PATTERN, maxLength: LIMITS.sourceUrl.max, example: 'https://example.org/report' })
  @DomainRule(sourceUrl)
  url: string;

  @ApiPropertyOptional({ maxLength: LIMITS.sourceTitle.max })
  @IsOptional()
  @DomainRule(text(LIMITS.sourceTitle))
  title?: string;
}

export class RecordVerdictDto {
  @ApiProperty({ enum: VERDICTS })
  @DomainRule(validVerdict)
  verdict: Verdict;

  @ApiProperty({ minLength: LIMITS.rationale.min, maxLength: LIMITS.rationale.max })
  @DomainRule(text(LIMITS.rationale))
  rationale: string;

  @ApiPropertyOptional({ type: [SourceDto], maxItems: LIMITS.sources.max })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.sources.max)
  @ValidateNested({ each: true })
  @Type(() => SourceDto)
  sources?: SourceDto[];
}

export class SubmitTranslationDto {
  @ApiProperty({ ...LANGUAGE_TAG, description: 'BCP 47 tag; must differ from the article language (409 same_language)', example: 'en' })
  @DomainRule(language)
  language: string;

  @ApiProperty({ minLength: LIMITS.title.min, maxLength: LIMITS.title.max })
  @DomainRule(title)
  title: string;

  @ApiProperty({ minLength: LIMITS.body.min, maxLength: LIMITS.body.max })
  @DomainRule(text(LIMITS.body))
  body: string;
}

export class RejectTranslationDto {
  @ApiProperty({ minLength: LIMITS.reason.min, maxLength: LIMITS.reason.max })
  @DomainRule(text(LIMITS.reason))
  reason: string;
}

export class OpenCorrectionDto {
  @ApiProperty({ minLength: LIMITS.reason.min, maxLength: LIMITS.reason.max, description: `Why the published article is being corrected (kept with the correction). ${TEXT}`, example: 'ثبت أن الادعاء عن أسلحة الدمار الشامل خاطئ' })
  @DomainRule(text(LIMITS.reason))
  reason: string;
}

export class PublishCorrectionDto {
  @ApiProperty({ minLength: LIMITS.note.min, maxLength: LIMITS.note.max, description: `What readers are told changed and why. ${TEXT}`, example: 'صُحّحت الفقرة الثانية: لم يُعثر على أسلحة دمار شامل' })
  @DomainRule(text(LIMITS.note))
  note: string;
}

export class RetractArticleDto {
  @ApiProperty({ minLength: LIMITS.reason.min, maxLength: LIMITS.reason.max, description: `Why the article is withdrawn from publication. ${TEXT}` })
  @DomainRule(text(LIMITS.reason))
  reason: string;
}

/** `{}`: approve and publish take no fields. */
export class EmptyBodyDto {}

export class VersionDto {
  @ApiProperty({ type: 'integer', description: 'Number of events in the article stream; also sent as ETag: "<version>"', example: 3 }) version: number;
}

export class ArticleCreatedDto extends VersionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
}

export class ClaimIdentifiedDto extends VersionDto {
  @ApiProperty({ format: 'uuid' }) claimId: string;
  @ApiProperty({ type: 'integer', description: 'Start offset in Unicode code points into the NFC body' }) start: number;
  @ApiProperty({ type: 'integer', description: 'End offset (exclusive) in Unicode code points' }) end: number;
}

export class TranslationSubmittedDto extends VersionDto {
  @ApiProperty({ format: 'uuid' }) translationId: string;
}

export class ArticlePublishedDto extends VersionDto {
  @ApiProperty({ format: 'date-time' }) publishedAt: string;
}

export class CorrectionOpenedDto extends VersionDto {
  @ApiProperty({ format: 'uuid' }) correctionId: string;
}

export class CorrectionPublishedDto extends VersionDto {
  @ApiProperty({ format: 'date-time', description: 'When the correction went out (the article’s correctedAt)' }) correctedAt: string;
}

export class ArticleRetractedDto extends VersionDto {
  @ApiProperty({ format: 'date-time' }) retractedAt: string;
}
