import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ledger/platform/auth';
import { toInstant } from '@ledger/kernel';
import { SchedulePayoutRunCommand, type PayoutRunResult } from '@ledger/ledger/application';
import { dtoParser, Idempotent, invalidRequest, ParseBody } from '@ledger/platform/http';
import { PayoutRunRequestDto } from './payout-run.dto';

@ApiTags('ledger')
@ApiBearerAuth()
@Controller('v1/payout-runs')
export class PayoutsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('finance')
  @Idempotent()
  @ApiOperation({
    summary: 'Pay every partner whose payable balance in a currency is at least its minimum',
    description:
      'Waits until the ledger has caught up with the store, then records the run; the payment provider later answers with payout.paid or payout.failed.',
  })
  @ApiBody({ type: PayoutRunRequestDto })
  @ApiCreatedResponse({ description: '{"runId","asOf","payouts":[{"payoutId","partnerId","currency","amount"}]}' })
  @ApiConflictResponse({ description: 'another payout run was recorded at the same time; retry' })
  run(
    @Body(new ParseBody(dtoParser(PayoutRunRequestDto))) request: PayoutRunRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PayoutRunResult> {
    const now = new Date().toISOString();
    const asOf = request.asOf ? toInstant(request.asOf, { plainDate: 'end' }) : now;
    if (asOf > now) throw invalidRequest([{ path: 'asOf', message: `must not be in the future (now is ${now})` }]);
    return this.commands.execute(new SchedulePayoutRunCommand(asOf, request.minimum, { keyId: principal.keyId, role: principal.role }));
  }
}
