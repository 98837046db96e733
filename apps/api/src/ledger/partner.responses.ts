import { ApiProperty } from '@nestjs/swagger';
import { PARTNER_STATUSES, PARTNER_TYPES, TIERS } from '@ledger/contracts';

export class PartnerItemBody {
  @ApiProperty({ example: 'P-1' })
  partnerId!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Northwind Resellers' })
  name!: string | null;

  @ApiProperty({ enum: PARTNER_TYPES, nullable: true })
  partnerType!: string | null;

  @ApiProperty({ enum: PARTNER_STATUSES, description: 'the latest status change by business time; active by default' })
  status!: string;

  @ApiProperty({ enum: TIERS })
  tier!: string;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  enrolledAt!: string | null;
}

export class PartnerPageBody {
  @ApiProperty({ type: [PartnerItemBody] })
  items!: PartnerItemBody[];

  @ApiProperty({ type: String, nullable: true, description: 'cursor of the next page; null on the last' })
  nextCursor!: string | null;
}

export class BalanceBody {
  @ApiProperty({ example: 'USD' })
  currency!: string;

  @ApiProperty({ example: '120.00', description: 'not yet payable' })
  pending!: string;

  @ApiProperty({ example: '300.00' })
  payable!: string;

  @ApiProperty({
    example: '0.00',
    description:
      'held on risk flags until finance releases or rejects them; never paid while held (pending + payable + held is what is owed)',
  })
  held!: string;

  @ApiProperty({ example: '0.00' })
  paid!: string;

  @ApiProperty({ example: '450.00', description: 'lifetime commission earned' })
  earned!: string;

  @ApiProperty({ example: '30.00', description: 'lifetime clawbacks (positive)' })
  clawedBack!: string;

  @ApiProperty({ example: '0.00', description: 'net manual adjustments' })
  adjustments!: string;

  @ApiProperty({ example: '0.00', description: 'scheduled payouts not yet confirmed' })
  inTransit!: string;
}

export class PartnerProfileBody extends PartnerItemBody {
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'business time the current tier is in force from' })
  tierSince!: string | null;

  @ApiProperty({ type: [BalanceBody], description: 'per currency, now (never summed across currencies)' })
  balances!: BalanceBody[];
}

export class StatementCurrencyBody {
  @ApiProperty({ example: 'USD' })
  currency!: string;

  @ApiProperty({ description: 'balance before the first line (of the page, when paged)', example: '0.00' })
  opening!: string;

  @ApiProperty({ description: 'balance after the last line (of the page, when paged)', example: '200.00' })
  closing!: string;
}

export class StatementBody {
  @ApiProperty({ example: 'P-1' })
  partnerId!: string;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  from!: string | null;

  @ApiProperty({ format: 'date-time' })
  to!: string;

  @ApiProperty({ format: 'date-time' })
  knownAt!: string;

  @ApiProperty({ type: [StatementCurrencyBody] })
  currencies!: StatementCurrencyBody[];

  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description:
      'lines of the partner’s commission accounts (owed and held on risk flags; a hold or release shows both its lines, so the running balance is pending + payable + held) in date order: date, recordedAt, payableAt, kind, currency, debit, credit, amount, runningBalance, cause, conversionId, policyVersion, planVersion, tier, rate, description, actor, lineId, transactionId, seq, prevHash, hash, hashVersion…',
  })
  lines!: Array<Record<string, unknown>>;

  @ApiProperty({ type: String, nullable: true, required: false, description: 'only when `limit` or `cursor` was given' })
  nextCursor?: string | null;
}

export class PartnerBalanceBody {
  @ApiProperty({ example: 'P-1' })
  partnerId!: string;

  @ApiProperty({ format: 'date-time', description: 'business time' })
  asOf!: string;

  @ApiProperty({ format: 'date-time', description: 'what the ledger had recorded by then' })
  knownAt!: string;

  @ApiProperty({ type: [BalanceBody], description: 'per currency (never summed across currencies)' })
  balances!: BalanceBody[];
}
