import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ledger/platform/auth';
import { validateObject } from '@ledger/contracts';
import { LedgerRequestError, RecordAdjustmentCommand, type AdjustmentResult } from '@ledger/ledger/application';
import { invalidRequest } from '@ledger/platform/http';
import { Idempotent } from '@ledger/platform/http';
import { AdjustmentRequestDto } from './adjustment.dto';

@ApiTags('ledger')
@ApiBearerAuth()
@Controller('v1/adjustments')
export class AdjustmentsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('finance')
  @Idempotent()
  @ApiOperation({ summary: "A manual adjustment of a partner's balance, payable at once, with its reason and the acting key's identity" })
  @ApiBody({ type: AdjustmentRequestDto })
  @ApiCreatedResponse({ description: '{"adjustmentId","partnerId","amount","reason","actor":{"keyId","role"},"time","position"}' })
  async adjust(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<AdjustmentResult> {
    const parsed = validateObject(AdjustmentRequestDto, body);
    if (!parsed.ok) throw invalidRequest(parsed.errors);
    const { partnerId, amount, reason } = parsed.value;
    try {
      return await this.commands.execute(new RecordAdjustmentCommand(partnerId, { amount: amount.amount, currency: amount.currency }, reason, { keyId: principal.keyId, role: principal.role }));
    } catch (error) {
      if (error instanceof LedgerRequestError) throw invalidRequest(error.errors);
      throw error;
    }
  }
}
