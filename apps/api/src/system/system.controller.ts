import { Controller, Get, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../http/auth.guard.js';
import type { ApiResponse } from '../http/api-request.js';
import { ApiAuthenticated } from '../http/openapi.decorators.js';
import { DashboardDto, HealthDto } from './system.dto.js';
import { DashboardQuery, HealthQuery } from './system.queries.js';

@ApiTags('system')
@Controller()
export class SystemController {
  constructor(private readonly queries: QueryBus) {}

  @Get('dashboard')
  @ApiAuthenticated()
  @ApiOperation({ summary: 'Counts of articles by status, claims by latest verdict, later-disproven claims, articles needing a correction' })
  @ApiOkResponse({ type: DashboardDto })
  dashboard(): Promise<DashboardDto> {
    return this.queries.execute(new DashboardQuery());
  }

  @Get('health')
  @Public()
  @ApiOperation({ summary: 'Liveness and readiness, no token needed' })
  @ApiOkResponse({ type: HealthDto, description: 'status ok, or degraded while the read models catch up' })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'status error: the event store is unreachable or a projection failed' })
  async health(@Res() res: ApiResponse): Promise<void> {
    const health = await this.queries.execute(new HealthQuery());
    res.statusCode = health.status === 'error' ? 503 : 200;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.end(JSON.stringify(health));
  }
}
