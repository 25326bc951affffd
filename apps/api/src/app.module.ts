import { Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { resolveJwtSecret } from '#auth';
import type { EventStore } from '#event-store';
import { ArticlesController } from './articles/articles.controller.js';
import { BoardController } from './board/board.controller.js';
import { ClaimsController } from './claims/claims.controller.js';
import type { AppConfig } from './config.js';
import { EventsController } from './events/events.controller.js';
import { LiveEvents } from './events/live-events.service.js';
import { AuthGuard, JWT_SECRET } from './http/auth.guard.js';
import { CommandInterceptor } from './commands/command-answer.js';
import { CommandWriter } from './commands/command-writer.js';
import { MinPositionInterceptor } from './commands/read-your-writes.js';
import { openEventStore } from './infrastructure/event-store.factory.js';
import { Idempotency } from './idempotency/idempotency.js';
import { IdempotencyStore } from './idempotency/idempotency.store.js';
import { ReadModels } from './infrastructure/read-models.provider.js';
import { APP_CONFIG, EVENT_STORE, READ_MODELS } from './infrastructure/tokens.js';
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
      controllers: [ArticlesController, ClaimsController, SystemController, EventsController, BoardController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: JWT_SECRET, useFactory: () => resolveJwtSecret(config.dataDir, config.jwtSecret) },
        { provide: EVENT_STORE, useFactory: () => openEventStore(config) },
        { provide: READ_MODELS, useFactory: (store: EventStore) => ReadModels.open(config.dataDir, store, config), inject: [EVENT_STORE] },
        { provide: IdempotencyStore, useFactory: () => new IdempotencyStore(config.dataDir) },
        AuthGuard,
        Idempotency,
        CommandInterceptor,
        MinPositionInterceptor,
        CommandWriter,
        StorageShutdown,
        LiveEvents,
      ],
    };
  }
}
