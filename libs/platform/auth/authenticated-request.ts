import type { Request } from 'express';
import type { Principal } from './roles';

/** ApiKeyGuard sets `principal` on every authenticated request (and may on @Public ones). */
export interface AuthenticatedRequest extends Request {
  principal?: Principal;
}
