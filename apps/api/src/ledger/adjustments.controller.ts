import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ledger/platform/auth';
import { RecordAdjustmentCommand, type AdjustmentResult } from '@ledger/ledger/application';
import { dtoParser, Idempotent, ParseBody } from '@ledger/platform/http';
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
  adjust(
    @Body(new ParseBody(dtoParser(AdjustmentRequestDto))) request: AdjustmentRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AdjustmentResult> {
    const { partnerId, amount, reason } = request;
    return this.commands.execute(
      new RecordAdjustmentCommand(partnerId, { amount: amount.amount, currency: amount.currency }, reason, {
        keyId: principal.keyId,
        role: principal.role,
      }),
    );
  }
}
