import { ForbiddenException, Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { ApiKeyRegistry } from './api-key-registry';
import { API_KEY_REGISTRY } from './auth.tokens';
import { authenticateBearer } from './bearer';
import type { AuthenticatedRequest } from './authenticated-request';
import { OWN_ROWS_KEY } from './own-rows.decorator';
import { IS_PUBLIC_KEY } from './public.decorator';
import type { Principal, Role } from './roles';
import { ROLES_KEY } from './roles.decorator';

export const UNAUTHORIZED_MESSAGE = 'missing or invalid API key';
export const PARTNER_SCOPE_MESSAGE = 'a partner key sees only its own partner';
/** Partner routes are `/v1/partners/{id}/...` (SPEC §5). */
export const PARTNER_ID_PARAM = 'id';

/**
 * SPEC §5 authentication: `Authorization: Bearer <key>`, 401 without a valid key, 403 outside
 * the role. Secure default: a route with neither @Roles nor @Public is admin-only, so a
 * forgotten decorator locks a route down instead of opening it.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(API_KEY_REGISTRY) private readonly registry: ApiKeyRegistry,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    // API keys are an HTTP concept; other transports have their own trust boundary.
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();

    const principal = this.authenticate(request.headers.authorization);
    if (principal) request.principal = principal;
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, targets) === true) return true;

    if (!principal) {
      context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer');
      throw new UnauthorizedException(UNAUTHORIZED_MESSAGE);
    }
    if (principal.role === 'admin') return true;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [];
    if (!roles.includes(principal.role)) {
      throw new ForbiddenException(
        roles.length === 0 ? 'this route requires role admin' : `this route requires one of the roles ${['admin', ...roles].join(', ')}`,
      );
    }
    // A partner route without an {id} param is denied too (a partner key is never unscoped), unless
    // the handler answers the key's own rows only (@PartnerOwnRows).
    const ownRows = this.reflector.getAllAndOverride<boolean | undefined>(OWN_ROWS_KEY, targets) === true;
    const id = request.params?.[PARTNER_ID_PARAM];
    if (principal.role === 'partner' && id !== principal.partnerId && !(ownRows && id === undefined)) {
      throw new ForbiddenException(PARTNER_SCOPE_MESSAGE);
    }
    return true;
  }

  private authenticate(header: string | undefined): Principal | undefined {
    return authenticateBearer(this.registry, header);
  }
}
