import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'ledger:auth:public';

/** Opens a route without a key (e.g. GET /health). Everything else needs one. */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);
