import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { EventStore } from '#event-store';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../http/auth.guard.js';
import type { ApiResponse } from '../http/api-request.js';
import { ApiAuthenticated } from '../http/openapi.decorators.js';
import { DashboardDto, HealthDto } from './system.dto.js';
import type { ReadModels } from '../infrastructure/read-models.provider.js';
import { EVENT_STORE, READ_MODELS } from '../infrastructure/tokens.js';
import { healthOf } from './system.queries.js';

@ApiTags('system')
@Controller()
export class SystemController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
  ) {}

  @Get('dashboard')
  @ApiAuthenticated()
  @ApiOperation({ summary: 'Counts of articles by status, claims by latest verdict, later-disproven claims, articles needing a correction' })
  @ApiOkResponse({ type: DashboardDto })
  dashboard(): DashboardDto {
    return this.readModels.queries.dashboard();
  }

  @Get('health')
  @Public()
  @ApiOperation({ summary: 'Liveness and readiness, no token needed' })
  @ApiOkResponse({ type: HealthDto, description: 'status ok, or degraded while the read models catch up' })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'status error: the event store is unreachable or a projection failed' })
  async health(@Res() res: ApiResponse): Promise<void> {
    const health = await healthOf(this.store, this.readModels);
    res.statusCode = health.status === 'error' ? 503 : 200;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.end(JSON.stringify(health));
  }
}
