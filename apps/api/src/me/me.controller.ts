import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, PartnerOwnRows, Roles, type Principal } from '@ledger/platform/auth';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { MeBody } from './me.response';

@ApiTags('me')
@ApiBearerAuth()
@Controller('v1/me')
export class MeController {
  @Get()
  @Roles('admin', 'ingest', 'finance', 'analyst', 'partner')
  @PartnerOwnRows()
  @ApiOperation({ summary: 'Who the key is', description: 'Roles: any key. The console uses it to show each role what it may do.' })
  @ApiOkResponse({ type: MeBody })
  @ApiErrors(401)
  me(@CurrentPrincipal() principal: Principal): MeBody {
    return principal.partnerId === undefined
      ? { role: principal.role, keyId: principal.keyId }
      : { role: principal.role, partnerId: principal.partnerId, keyId: principal.keyId };
  }
}
