import { Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { createTokenVerifier, rememberingVerifier, resolveJwtSecret } from '#auth';
import { createMetrics, type NewsroomMetrics } from '#metrics';
import type { EventStore } from '#event-store';
import { ArticlesController } from './articles/articles.controller.js';
import { BoardController } from './board/board.controller.js';
import { ClaimsController } from './claims/claims.controller.js';
import { ClaimReviewsController } from './claim-reviews/claim-reviews.controller.js';
import type { AppConfig } from './config.js';
import { EventsController } from './events/events.controller.js';
import { FactCheckProcessManager } from './fact-checks/fact-check-process-manager.js';
import { ClaimLinksController, FactChecksController } from './fact-checks/fact-checks.controller.js';
import { LiveEvents } from './events/live-events.service.js';
import { AuthGuard, TOKEN_VERIFIER } from './http/auth.guard.js';
import { CommandInterceptor } from './commands/command-answer.js';
import { CommandWriter } from './commands/command-writer.js';
import { MinPositionInterceptor } from './commands/read-your-writes.js';
import { openEventStore } from './infrastructure/event-store.factory.js';
import { Idempotency } from './idempotency/idempotency.js';
import { IdempotencyStore } from './idempotency/idempotency.store.js';
import { ReadModels } from './infrastructure/read-models.provider.js';
import { APP_CONFIG, EVENT_STORE, METRICS, READ_MODELS } from './infrastructure/tokens.js';
import { MetricsEndpoint, timedAppends } from './infrastructure/metrics.js';
import { SystemController } from './system/system.controller.js';

/** Stops the projections before the stores they read and write close. */
@Injectable()
class StorageShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(IdempotencyStore) private readonly idempotency: IdempotencyStore,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.readModels.close();
    await this.store.close();
    this.idempotency.close();
    new Logger('Shutdown').log('Projections stopped and stores closed');
  }
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot()],
      controllers: [ArticlesController, ClaimsController, SystemController, EventsController, BoardController, ClaimReviewsController, FactChecksController, ClaimLinksController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        {
          provide: TOKEN_VERIFIER,
          // A client sends the same token with every request: it is verified once until it expires (5 minutes at most).
          useFactory: () =>
            rememberingVerifier(
              createTokenVerifier(
                config.jwks ? { kind: 'jwks', ...config.jwks } : { kind: 'hs256', secret: resolveJwtSecret(config.dataDir, config.jwtSecret) },
              ),
            ),
        },
        // Process metrics only where someone can scrape them.
        { provide: METRICS, useFactory: () => createMetrics({ defaultMetrics: config.metricsPort !== undefined }) },
        {
          provide: EVENT_STORE,
          useFactory: (metrics: NewsroomMetrics) => timedAppends(openEventStore(config), metrics, config.eventStore.kind),
          inject: [METRICS],
        },
        { provide: READ_MODELS, useFactory: (store: EventStore) => ReadModels.open(config.dataDir, store, config), inject: [EVENT_STORE] },
        { provide: IdempotencyStore, useFactory: () => new IdempotencyStore(config.dataDir) },
        AuthGuard,
        Idempotency,
        CommandInterceptor,
        MinPositionInterceptor,
        CommandWriter,
        StorageShutdown,
        LiveEvents,
        MetricsEndpoint,
        FactCheckProcessManager,
      ],
    };
  }
}
