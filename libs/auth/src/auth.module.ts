import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ensureBootstrapAdminKey } from './admin-key-bootstrap';
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

/** API_KEYS if given, otherwise the admin key generated (once) under DATA_DIR. */
export function buildApiKeyRegistry(options: AuthModuleOptions): ApiKeyRegistry {
  const entries = parseApiKeys(options.apiKeys);
  return new ApiKeyRegistry(entries.length > 0 ? entries : [ensureBootstrapAdminKey(options.dataDir, options.print)]);
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
        { provide: API_KEY_REGISTRY, useFactory: () => buildApiKeyRegistry(options) },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
      ],
      exports: [API_KEY_REGISTRY],
    };
  }
}
