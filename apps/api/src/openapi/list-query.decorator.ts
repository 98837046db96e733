import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';

/** `limit` and `cursor` of every list (SPEC §5). */
export function ApiListQuery() {
  return applyDecorators(
    ApiQuery({
      name: 'limit',
      required: false,
      description: 'items per page, 1 to 1000; default 50',
      schema: { type: 'integer', minimum: 1, maximum: 1000 },
    }),
    ApiQuery({ name: 'cursor', required: false, description: 'the `nextCursor` of the previous page (opaque)' }),
  );
}
