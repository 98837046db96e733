import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@ledger/platform/auth';
import { VerifyLedgerQuery, type LedgerVerificationView } from '@ledger/ledger/read-model';
import { objectSchema } from '../openapi/object-schema';
import { ApiErrors } from '../openapi/api-errors.decorator';

@ApiTags('ledger')
@ApiBearerAuth()
@Controller('v1/ledger')
export class LedgerController {
  constructor(private readonly queries: QueryBus) {}

  @Get('verify')
  @Roles('finance')
  @ApiOperation({
    summary: 'Re-checks every hash chain and that debits equal credits in every transaction',
    description: 'Roles: finance (admin).',
  })
  @ApiErrors(403)
  @ApiOkResponse({
    description:
      '{"ok","problems":[{"partnerId","lineId","transactionId","problem"}],"problemCount","checked","ledgerHash","warnings","warningCount","exceptions":[{"projection","position","eventId","eventSource","eventType","error","recordedAt"}],"exceptionCount"}; ok is false while a projection has skipped events',
    schema: objectSchema({ ok: { type: 'boolean' }, problems: 'array', exceptions: 'array' }),
  })
  verify(): Promise<LedgerVerificationView> {
    return this.queries.execute(new VerifyLedgerQuery());
  }
}
