import { ApiProperty } from '@nestjs/swagger';
import { MoneyBody } from '../openapi/money-body';
import { ActorBody } from '../ledger/payout-run.responses';

export class RiskSignalBody {
  @ApiProperty({ enum: ['self_referral', 'click_velocity', 'refund_rate', 'new_partner_large_deal'] })
  signal!: string;

  @ApiProperty({
    example: '23 clicks by visitor v-9 for P-4 between 2026-03-02T10:02:00.000Z and 2026-03-02T10:09:00.000Z; limit 20 in 10 minutes',
  })
  evidence!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the figures behind the evidence (decimals as strings)' })
  figures!: Record<string, string | number>;
}

export class FlagDecisionBody {
  @ApiProperty({ enum: ['release', 'reject'] })
  decision!: string;

  @ApiProperty()
  reason!: string;

  @ApiProperty({ type: ActorBody })
  actor!: ActorBody;

  @ApiProperty({ format: 'date-time' })
  decidedAt!: string;
}

export class RiskFlagBody {
  @ApiProperty({ example: 'F-3f9a0c1d2e4b5a6c7d8e' })
  flagId!: string;

  @ApiProperty()
  conversionId!: string;

  @ApiProperty()
  partnerId!: string;

  @ApiProperty({ example: 'risk-v1' })
  policyVersion!: string;

  @ApiProperty({ type: [RiskSignalBody] })
  signals!: RiskSignalBody[];

  @ApiProperty({ enum: ['open', 'released', 'rejected'] })
  status!: string;

  @ApiProperty({ format: 'date-time', description: 'when the ledger recorded the flag' })
  flaggedAt!: string;

  @ApiProperty({ type: MoneyBody, nullable: true, description: 'the commission the flag put on hold (null until the ledger booked it)' })
  amount!: MoneyBody | null;

  @ApiProperty({ type: MoneyBody, nullable: true, description: 'what of it is still held now: zero once released or rejected' })
  held!: MoneyBody | null;

  @ApiProperty({ type: FlagDecisionBody, nullable: true })
  decision!: FlagDecisionBody | null;
}

export class RiskFlagPageBody {
  @ApiProperty({ type: [RiskFlagBody], description: 'newest first' })
  items!: RiskFlagBody[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class FlagDecisionResultBody {
  @ApiProperty()
  flagId!: string;

  @ApiProperty()
  conversionId!: string;

  @ApiProperty()
  partnerId!: string;

  @ApiProperty({ enum: ['released', 'rejected'] })
  status!: string;

  @ApiProperty({ type: FlagDecisionBody })
  decision!: FlagDecisionBody;
}

export class RiskPolicyAdoptionBody {
  @ApiProperty({ example: 'risk-policy-adoption-1' })
  adoptionId!: string;

  @ApiProperty({ example: 'risk-v2' })
  version!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the policy as SPEC §9 writes it' })
  policy!: object;

  @ApiProperty({ format: 'date-time' })
  adoptedAt!: string;

  @ApiProperty({ type: ActorBody })
  adoptedBy!: ActorBody;

  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;
}

export class RiskPoliciesBody {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the policy in force now' })
  inForce!: object;

  @ApiProperty({ type: [RiskPolicyAdoptionBody], description: 'adoptions, oldest first' })
  adoptions!: RiskPolicyAdoptionBody[];
}

export class DisputeResolutionBody {
  @ApiProperty({ enum: ['upheld', 'rejected'] })
  outcome!: string;

  @ApiProperty()
  reason!: string;

  @ApiProperty({ type: MoneyBody, nullable: true })
  adjustment!: MoneyBody | null;

  @ApiProperty({ type: ActorBody })
  resolvedBy!: ActorBody;

  @ApiProperty({ format: 'date-time' })
  resolvedAt!: string;
}

export class DisputeBody {
  @ApiProperty({ example: 'D-6c1e…' })
  disputeId!: string;

  @ApiProperty()
  partnerId!: string;

  @ApiProperty({ type: String, nullable: true })
  conversionId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  lineId!: string | null;

  @ApiProperty()
  message!: string;

  @ApiProperty({ enum: ['open', 'upheld', 'rejected'] })
  status!: string;

  @ApiProperty({ format: 'date-time' })
  openedAt!: string;

  @ApiProperty({ type: ActorBody })
  openedBy!: ActorBody;

  @ApiProperty({ type: DisputeResolutionBody, nullable: true })
  resolution!: DisputeResolutionBody | null;
}

export class DisputePageBody {
  @ApiProperty({ type: [DisputeBody], description: 'newest first' })
  items!: DisputeBody[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
