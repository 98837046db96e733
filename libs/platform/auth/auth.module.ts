import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { prepareBootstrapAdminKey, type BootstrapAdminKey } from './admin-key-bootstrap';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyRegistry } from './api-key-registry';
import { API_KEY_REGISTRY } from './auth.tokens';
import { parseApiKeys } from './parse-api-keys';

export interface AuthModuleOptions {
  /** Raw `API_KEYS`; empty or undefined means "use the bootstrap admin key". */
  apiKeys: string | undefined;
  /** `DATA_DIR`, where the bootstrap admin key's hash lives. */
  dataDir: string;
  /** Where the one-time admin key line goes (stdout, not the structured log). */
  print: (line: string) => void;
}

/**
 * The generated admin key waits here until the server really listens: `publish()` then stores
 * its hash and prints it (or says a stored one exists). Nothing to do when API_KEYS is set.
 */
export class AdminKeyAnnouncement {
  constructor(private readonly bootstrap: BootstrapAdminKey | undefined) {}

  /** True when a new key will be printed (and stored) by publish(). */
  get pending(): boolean {
    return this.bootstrap?.generated === true;
  }

  publish(): void {
    this.bootstrap?.publish();
  }
}

interface ResolvedKeys {
  registry: ApiKeyRegistry;
  announcement: AdminKeyAnnouncement;
}
const RESOLVED_KEYS = Symbol('RESOLVED_KEYS');

/** API_KEYS if given, otherwise the admin key of DATA_DIR (generated now, stored and printed on publish). */
export function resolveApiKeys(options: AuthModuleOptions): ResolvedKeys {
  const entries = parseApiKeys(options.apiKeys);
  if (entries.length > 0) return { registry: new ApiKeyRegistry(entries), announcement: new AdminKeyAnnouncement(undefined) };
  const bootstrap = prepareBootstrapAdminKey(options.dataDir, options.print);
  return { registry: new ApiKeyRegistry([bootstrap.entry]), announcement: new AdminKeyAnnouncement(bootstrap) };
}

/**
 * Global so every controller is guarded by importing it once in the app module. The registry
 * is built in a factory so a bad API_KEYS fails app start-up, not module import.
 */
@Module({})
export class AuthModule {
  static forRoot(options: AuthModuleOptions): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [
        { provide: RESOLVED_KEYS, useFactory: () => resolveApiKeys(options) },
        { provide: API_KEY_REGISTRY, useFactory: (keys: ResolvedKeys) => keys.registry, inject: [RESOLVED_KEYS] },
        { provide: AdminKeyAnnouncement, useFactory: (keys: ResolvedKeys) => keys.announcement, inject: [RESOLVED_KEYS] },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
      ],
      exports: [API_KEY_REGISTRY, AdminKeyAnnouncement],
    };
  }
}
