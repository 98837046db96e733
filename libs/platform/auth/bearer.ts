import type { ApiKeyRegistry } from './api-key-registry';
import type { Principal } from './roles';

/** The principal of an `Authorization: Bearer <key>` header, or undefined when it is missing, malformed or unknown. */
export function authenticateBearer(registry: ApiKeyRegistry, header: string | undefined): Principal | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match ? registry.authenticate(match[1]) : undefined;
}
