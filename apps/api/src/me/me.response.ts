import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES } from '@ledger/platform/auth';

export class MeBody {
  @ApiProperty({ enum: ROLES, example: 'partner' })
  role!: string;

  @ApiPropertyOptional({ description: 'only for a partner key: the one partner it sees', example: 'P-1' })
  partnerId?: string;

  @ApiProperty({ description: 'non-secret id of the key: the first 12 hex digits of its SHA-256', example: '3f9a0c1d2b4e' })
  keyId!: string;
}
