import { ApiProperty } from '@nestjs/swagger';
import { CLAIM_VERDICT_FILTERS } from '#editorial';

export class ArticleCountsDto {
  @ApiProperty() draft: number;
  @ApiProperty() ready: number;
  @ApiProperty() published: number;
  @ApiProperty({ description: 'A correction is open: readers keep the text last published' }) correcting: number;
  @ApiProperty() retracted: number;
}

export class CorrectionCountsDto {
  @ApiProperty({ description: 'Corrections open now' }) open: number;
  @ApiProperty({ description: 'Corrections published, all articles' }) published: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Mean hours (two decimals) from the verdict that set an article’s correctionNeeded to the correction that cleared it; null until one has',
    example: 5.25,
  })
  averageHoursToCorrect: number | null;
}

export class ClaimCountsDto {
  @ApiProperty() pending: number;
  @ApiProperty() true: number;
  @ApiProperty() mostly_true: number;
  @ApiProperty() mixed: number;
  @ApiProperty() misleading: number;
  @ApiProperty() false: number;
  @ApiProperty() unverifiable: number;
}

export class DashboardDto {
  @ApiProperty() articles: ArticleCountsDto;
  @ApiProperty({ description: `Active claims by latest verdict (${CLAIM_VERDICT_FILTERS.join(', ')}); withdrawn claims are not counted` }) claims: ClaimCountsDto;
  @ApiProperty({ description: 'Active claims that are later disproven' }) laterDisproven: number;
  @ApiProperty({ description: 'Articles whose correctionNeeded is true' }) correctionNeeded: number;
  @ApiProperty() corrections: CorrectionCountsDto;
}

export class ProjectionHealthDto {
  @ApiProperty({ nullable: true, type: String, description: 'Last global-log position the read models applied ("<commit>/<prepare>")' }) position: string | null;
  @ApiProperty({ description: 'Events in the log the read models have not applied yet' }) lag: number;
}

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded', 'error'] }) status: string;
  @ApiProperty({ enum: ['ok', 'unreachable'] }) eventStore: string;
  @ApiProperty() projections: ProjectionHealthDto;
}
