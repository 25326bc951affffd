import { ApiProperty } from '@nestjs/swagger';
import { CLAIM_VERDICT_FILTERS } from '#editorial';

export class ArticleCountsDto {
  @ApiProperty() draft: number;
  @ApiProperty() ready: number;
  @ApiProperty() published: number;
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
