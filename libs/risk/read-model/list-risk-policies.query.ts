import type { RiskPolicy } from '@ledger/contracts';
import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { READ_MODEL_DB } from '@ledger/platform/event-store';
import type { SqlDatabase } from '@ledger/platform/sql';

export interface RiskPolicyAdoptionView {
  adoptionId: string;
  version: string;
  policy: RiskPolicy;
  adoptedAt: string;
  adoptedBy: { keyId: string; role: string };
  reason: string | null;
}

/** The risk policies adopted, oldest first; the last one is in force. */
export class ListRiskPoliciesQuery extends Query<RiskPolicyAdoptionView[]> {}

@QueryHandler(ListRiskPoliciesQuery)
export class ListRiskPoliciesHandler implements IQueryHandler<ListRiskPoliciesQuery> {
  constructor(@Inject(READ_MODEL_DB) private readonly db: SqlDatabase) {}

  async execute(): Promise<RiskPolicyAdoptionView[]> {
    const rows = await this.db.query<{
      adoption_id: string;
      version: string;
      policy: string;
      adopted_at: string | Date;
      adopted_by: string;
      reason: string | null;
    }>('SELECT adoption_id, version, policy, adopted_at, adopted_by, reason FROM risk_policies ORDER BY position');
    return rows.map((row) => ({
      adoptionId: row.adoption_id,
      version: row.version,
      policy: JSON.parse(row.policy) as RiskPolicy,
      adoptedAt: new Date(row.adopted_at).toISOString(),
      adoptedBy: JSON.parse(row.adopted_by) as { keyId: string; role: string },
      reason: row.reason,
    }));
  }
}
