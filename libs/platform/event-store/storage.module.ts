import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@ledger/platform/config';
import { EVENT_STORE } from './event-store.port';
import { openStorage, type StorageHandles } from './open-event-store';

/** Injection token of the SQL database that holds read models and projection checkpoints. */
export const READ_MODEL_DB = Symbol('READ_MODEL_DB');
const STORAGE = Symbol('STORAGE');

class StorageCloser implements OnApplicationShutdown {
  constructor(@Inject(STORAGE) private readonly storage: StorageHandles) {}

  async onApplicationShutdown(): Promise<void> {
    await this.storage.close();
  }
}

/** Opens the configured event store and read-model database once for the whole app. */
@Module({})
export class StorageModule {
  static forRoot(config: Pick<AppConfig, 'eventStore' | 'dataDir' | 'databaseUrl'>): DynamicModule {
    return {
      module: StorageModule,
      global: true,
      providers: [
        { provide: STORAGE, useFactory: () => openStorage(config) },
        { provide: EVENT_STORE, useFactory: (storage: StorageHandles) => storage.eventStore, inject: [STORAGE] },
        { provide: READ_MODEL_DB, useFactory: (storage: StorageHandles) => storage.readModels, inject: [STORAGE] },
        StorageCloser,
      ],
      exports: [EVENT_STORE, READ_MODEL_DB],
    };
  }
}
