import { ApiProperty } from '@nestjs/swagger';
import { CLAIM_VERDICT_FILTERS } from '#editorial';

export class ArticleCountsDto {
  @ApiProperty({ type: 'integer' }) draft: number;
  @ApiProperty({ type: 'integer' }) ready: number;
  @ApiProperty({ type: 'integer' }) published: number;
  @ApiProperty({ type: 'integer', description: 'A correction is open: readers keep the text last published' }) correcting: number;
  @ApiProperty({ type: 'integer' }) retracted: number;
}

export class CorrectionCountsDto {
  @ApiProperty({ type: 'integer', description: 'Corrections open now' }) open: number;
  @ApiProperty({ type: 'integer', description: 'Corrections published, all articles' }) published: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Mean hours (two decimals) from the verdict that set an article’s correctionNeeded to the correction that cleared it; null until one has',
    example: 5.25,
  })
  averageHoursToCorrect: number | null;
}

export class ClaimCountsDto {
  @ApiProperty({ type: 'integer' }) pending: number;
  @ApiProperty({ type: 'integer' }) true: number;
  @ApiProperty({ type: 'integer' }) mostly_true: number;
  @ApiProperty({ type: 'integer' }) mixed: number;
  @ApiProperty({ type: 'integer' }) misleading: number;
  @ApiProperty({ type: 'integer' }) false: number;
  @ApiProperty({ type: 'integer' }) unverifiable: number;
}

export class DashboardDto {
  @ApiProperty() articles: ArticleCountsDto;
  @ApiProperty({ description: `Active claims by latest verdict (${CLAIM_VERDICT_FILTERS.join(', ')}); withdrawn claims are not counted` }) claims: ClaimCountsDto;
  @ApiProperty({ type: 'integer', description: 'Active claims that are later disproven' }) laterDisproven: number;
  @ApiProperty({ type: 'integer', description: 'Articles whose correctionNeeded is true' }) correctionNeeded: number;
  @ApiProperty() corrections: CorrectionCountsDto;
}

export class ProjectionHealthDto {
  @ApiProperty({ nullable: true, type: String, description: 'Last global-log position the read models applied ("<commit>/<prepare>")' }) position: string | null;
  @ApiProperty({ type: 'integer', description: 'Events in the log the read models have not applied yet' }) lag: number;
}

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded', 'error'] }) status: string;
  @ApiProperty({ enum: ['ok', 'unreachable'] }) eventStore: string;
  @ApiProperty() projections: ProjectionHealthDto;
}
