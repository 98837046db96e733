import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from './authenticated-request';

/**
 * The caller as set by ApiKeyGuard, for audit fields (use `keyId`, never the key).
 * Always present on guarded routes; may be undefined on @Public ones.
 */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<AuthenticatedRequest>().principal,
);
