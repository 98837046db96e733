import { SetMetadata } from '@nestjs/common';
import type { Role } from './roles';

export const ROLES_KEY = 'ledger:auth:roles';

/**
 * Roles allowed on a route or controller besides `admin`, who may do everything.
 * A handler's @Roles overrides its controller's.
 */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
