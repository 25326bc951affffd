import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { EventStore } from '#event-store';
import type { ReadModels } from '../infrastructure/read-models.provider.js';
import { EVENT_STORE, READ_MODELS } from '../infrastructure/tokens.js';
import type { DashboardDto, HealthDto } from './system.dto.js';

const STORE_PROBE_TIMEOUT_MS = 2000;

export class DashboardQuery extends Query<DashboardDto> {}

@QueryHandler(DashboardQuery)
export class DashboardHandler implements IQueryHandler<DashboardQuery> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  async execute(): Promise<DashboardDto> {
    return this.readModels.queries.dashboard();
  }
}

export class HealthQuery extends Query<HealthDto> {}

@QueryHandler(HealthQuery)
export class HealthHandler implements IQueryHandler<HealthQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
  ) {}

  async execute(): Promise<HealthDto> {
    const eventStore = (await this.probeStore()) ? 'ok' : 'unreachable';
    const projections = await this.readModels.health();
    const status = eventStore !== 'ok' || projections.error ? 'error' : projections.lag > 0 && projections.catchingUp ? 'degraded' : 'ok';
    return { status, eventStore, projections: { position: projections.position, lag: projections.lag } };
  }

  private async probeStore(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), STORE_PROBE_TIMEOUT_MS);
    });
    try {
      return await Promise.race([this.store.headPosition().then(() => true), timeout]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}

export const SYSTEM_QUERY_HANDLERS = [DashboardHandler, HealthHandler];
