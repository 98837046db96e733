import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { AttributionDecision, Candidate } from '@ledger/contracts';
import { READ_MODEL_DB } from '@ledger/platform/event-store';
import type { MoneyJson } from '@ledger/kernel';
import type { SqlDatabase } from '@ledger/platform/sql';

export interface ConversionAttributionView {
  conversionId: string;
  conversionType: AttributionDecision['conversionType'];
  customerId: string;
  accountDomain: string | null;
  amount: MoneyJson;
  conversionTime: string;
  basis: AttributionDecision['basis'];
  recurringOf?: string;
  policyVersion: string;
  /** `commission` is null until the ledger has booked the conversion (projections are eventually consistent). */
  credits: Array<{ partnerId: string; weight: string; revenue: string; commission: string | null }>;
  candidates: Candidate[];
  /** The conversion event the decision is about. */
  cause: AttributionDecision['cause'];
  /** Earlier decisions that policy adoptions replaced, oldest first; the ledger keeps the lines of each. */
  replaced: Array<{ policyVersion: string; credits: AttributionDecision['credits']; recordedBy: string; replacedBy: string }>;
}

/** The latest recorded attribution decision of a conversion, with its explanation. */
export class GetConversionAttributionQuery extends Query<ConversionAttributionView | undefined> {
  constructor(readonly conversionId: string) {
    super();
  }
}

@QueryHandler(GetConversionAttributionQuery)
export class GetConversionAttributionHandler implements IQueryHandler<GetConversionAttributionQuery> {
  constructor(@Inject(READ_MODEL_DB) private readonly db: SqlDatabase) {}

  async execute({ conversionId }: GetConversionAttributionQuery): Promise<ConversionAttributionView | undefined> {
    const [row] = await this.db.query<{ decision: string; replaced: string }>(
      'SELECT decision, replaced FROM attribution_decisions WHERE conversion_id = $1 ORDER BY position DESC LIMIT 1',
      [conversionId],
    );
    if (!row) return undefined;
    const decision = JSON.parse(row.decision) as AttributionDecision;
    const commissions = await this.bookedCommissions(decision);
    return {
      conversionId: decision.conversionId,
      conversionType: decision.conversionType,
      customerId: decision.customerId,
      accountDomain: decision.accountDomain,
      amount: decision.amount,
      conversionTime: decision.conversionTime,
      basis: decision.basis,
      ...(decision.recurringOf ? { recurringOf: decision.recurringOf } : {}),
      policyVersion: decision.policyVersion,
      // The exact share stays internal: the contract's credit is partnerId, weight, revenue, commission.
      credits: decision.credits.map(({ partnerId, weight, revenue }) => ({
        partnerId,
        weight,
        revenue,
        commission: commissions?.get(partnerId) ?? null,
      })),
      candidates: decision.candidates,
      cause: decision.cause,
      replaced: (
        JSON.parse(row.replaced) as Array<{
          adoptionId: string;
          policyVersion: string;
          credits: AttributionDecision['credits'];
          recordedBy: string;
        }>
      ).map((entry) => ({
        policyVersion: entry.policyVersion,
        credits: entry.credits.map(({ partnerId, weight, revenue }) => ({ partnerId, weight, revenue })),
        recordedBy: entry.recordedBy,
        replacedBy: entry.adoptionId,
      })),
    };
  }

  /** The commission the ledger booked per partner for this decision (its policy version), if booked yet. */
  private async bookedCommissions(decision: AttributionDecision): Promise<Map<string, string> | undefined> {
    // The ledger's read model, written in the transaction of its lines; a row per credited partner.
    const rows = await this.db.query<{ partner_id: string; commission: string }>(
      'SELECT partner_id, commission::text AS commission FROM ledger_conversion_commissions WHERE conversion_id = $1 AND policy_version = $2',
      [decision.conversionId, decision.policyVersion],
    );
    return rows.length === 0 ? undefined : new Map(rows.map((row) => [row.partner_id, row.commission]));
  }
}
