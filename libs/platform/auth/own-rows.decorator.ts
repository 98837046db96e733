import { SetMetadata } from '@nestjs/common';

export const OWN_ROWS_KEY = 'ledger:auth:own-rows';

/**
 * A route without a partner `{id}` that a partner key may call all the same: the handler answers
 * only the key's own partner (its own rows of a list, whatever filter it sends; who it is on `/v1/me`).
 */
export const PartnerOwnRows = () => SetMetadata(OWN_ROWS_KEY, true);
