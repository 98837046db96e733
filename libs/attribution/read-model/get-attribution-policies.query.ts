import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DEFAULT_POLICY } from '@ledger/attribution/domain';
import { type AttributionPolicy } from '@ledger/contracts';
import { READ_MODEL_DB } from '@ledger/platform/event-store';
import type { SqlDatabase } from '@ledger/platform/sql';

export interface AdoptedPolicyView {
  /** null for the policy in force from the start (default-v1). */
  adoptionId: string | null;
  version: string;
  /** null for the policy in force from the start. */
  effectiveFrom: string | null;
  adoptedAt: string | null;
  adoptedBy: string | null;
  reason: string | null;
  /**
   * `applied`: the conversions from the effective date were re-attributed; `recorded`: still in
   * progress; `retracted`: finance took it back (see `retraction`).
   */
  status: 'applied' | 'recorded' | 'retracted';
  /** Conversions whose credits the adoption changed (each with an `attribution.revised` and compensating lines). */
  revisedConversions: number | null;
  policy: AttributionPolicy;
  /** Set once finance retracted the adoption; its conversions were re-attributed under the policies still in force. */
  retraction: RetractionView | null;
}

export interface RetractionView {
  retractionId: string;
  retractedAt: string;
  retractedBy: string;
  reason: string;
  /** Conversions whose credits the retraction changed back. */
  revisedConversions: number;
}

export class GetAttributionPoliciesQuery extends Query<AdoptedPolicyView[]> {}

/** The policies in the order they were adopted, the initial one first: the audit trail of attribution rules. */
@QueryHandler(GetAttributionPoliciesQuery)
export class GetAttributionPoliciesHandler implements IQueryHandler<GetAttributionPoliciesQuery> {
  constructor(@Inject(READ_MODEL_DB) private readonly db: SqlDatabase) {}

  async execute(): Promise<AdoptedPolicyView[]> {
    const rows = await this.db.query<{
      adoption_id: string;
      version: string;
      effective_from: Date | string;
      adopted_at: Date | string;
      adopted_by: string;
      reason: string | null;
      policy: string;
      revised_conversions: number | string;
      retraction: string | null;
    }>('SELECT * FROM attribution_policies ORDER BY position');
    const initial: AdoptedPolicyView = {
      adoptionId: null,
      version: DEFAULT_POLICY.version,
      effectiveFrom: null,
      adoptedAt: null,
      adoptedBy: null,
      reason: null,
      status: 'applied',
      revisedConversions: 0,
      policy: { ...DEFAULT_POLICY },
      retraction: null,
    };
    return [
      initial,
      ...rows.map((row): AdoptedPolicyView => ({
        adoptionId: row.adoption_id,
        version: row.version,
        effectiveFrom: new Date(row.effective_from).toISOString(),
        adoptedAt: new Date(row.adopted_at).toISOString(),
        adoptedBy: row.adopted_by,
        reason: row.reason,
        status: row.retraction ? 'retracted' : 'applied',
        revisedConversions: Number(row.revised_conversions),
        policy: JSON.parse(row.policy),
        retraction: row.retraction ? (JSON.parse(row.retraction) as RetractionView) : null,
      })),
    ];
  }
}
