import type {
  Actor,
  DisputeOpenedData,
  DisputeResolvedData,
  RecordedEvent,
  RiskFlagDecidedData,
  RiskFlaggedData,
  RiskPolicyAdoptedData,
} from '@ledger/contracts';
import type { SqlExecutor } from '@ledger/platform/sql';

/** A row change of the risk read model, in the order the facts were recorded. */
export type RiskRowChange =
  | { kind: 'flagged'; data: RiskFlaggedData; position: number; at: string }
  | { kind: 'flag_decided'; data: RiskFlagDecidedData; at: string }
  | { kind: 'policy_adopted'; data: RiskPolicyAdoptedData; position: number; at: string }
  | { kind: 'dispute_opened'; data: DisputeOpenedData; position: number; at: string }
  | { kind: 'dispute_resolved'; data: DisputeResolvedData; at: string };

const describe = (actor: Actor) => JSON.stringify(actor);

/** The row change a stored risk or dispute fact makes: rows are written from the stored facts, which carry their positions. */
export function rowChangeOf(recorded: RecordedEvent): RiskRowChange | null {
  const { event, position, recordedAt } = recorded;
  const at = new Date(recordedAt).toISOString();
  switch (event.type) {
    case 'risk.flagged':
      return { kind: 'flagged', data: event.data as RiskFlaggedData, position, at };
    case 'risk.flag_decided':
      return { kind: 'flag_decided', data: event.data as RiskFlagDecidedData, at: event.time };
    case 'risk.policy_adopted':
      return { kind: 'policy_adopted', data: event.data as RiskPolicyAdoptedData, position, at };
    case 'dispute.opened':
      return { kind: 'dispute_opened', data: event.data as DisputeOpenedData, position, at: event.time };
    case 'dispute.resolved':
      return { kind: 'dispute_resolved', data: event.data as DisputeResolvedData, at: event.time };
    default:
      return null;
  }
}

/** Writes the changes in order; every statement is idempotent, so a retried batch writes the same rows. */
export async function writeRiskRows(tx: SqlExecutor, changes: readonly RiskRowChange[]): Promise<void> {
  for (const change of changes) {
    switch (change.kind) {
      case 'flagged': {
        const { data } = change;
        await tx.query(
          `INSERT INTO risk_flags (flag_id, position, conversion_id, partner_id, policy_version, signals, flagged_at, status)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'open') ON CONFLICT (flag_id) DO NOTHING`,
          [data.flagId, change.position, data.conversionId, data.partnerId, data.policyVersion, JSON.stringify(data.signals), change.at],
        );
        break;
      }
      case 'flag_decided': {
        const { data } = change;
        const decision = { decision: data.decision, reason: data.reason, actor: data.actor, decidedAt: change.at };
        await tx.query('UPDATE risk_flags SET status = $2, decision = $3 WHERE flag_id = $1', [
          data.flagId,
          data.decision === 'release' ? 'released' : 'rejected',
          JSON.stringify(decision),
        ]);
        break;
      }
      case 'policy_adopted': {
        const { data } = change;
        await tx.query(
          `INSERT INTO risk_policies (adoption_id, position, version, policy, adopted_at, adopted_by, reason)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (adoption_id) DO NOTHING`,
          [
            data.adoptionId,
            change.position,
            data.policy.version,
            JSON.stringify(data.policy),
            change.at,
            describe(data.adoptedBy),
            data.reason,
          ],
        );
        break;
      }
      case 'dispute_opened': {
        const { data } = change;
        await tx.query(
          `INSERT INTO risk_disputes (dispute_id, position, partner_id, conversion_id, line_id, message, opened_at, opened_by, status)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open') ON CONFLICT (dispute_id) DO NOTHING`,
          [
            data.disputeId,
            change.position,
            data.partnerId,
            data.conversionId ?? null,
            data.lineId ?? null,
            data.message,
            change.at,
            describe(data.openedBy),
          ],
        );
        break;
      }
      case 'dispute_resolved': {
        const { data } = change;
        const resolution = {
          outcome: data.outcome,
          reason: data.reason,
          adjustment: data.adjustment ?? null,
          resolvedBy: data.resolvedBy,
          resolvedAt: change.at,
        };
        await tx.query('UPDATE risk_disputes SET status = $2, resolution = $3 WHERE dispute_id = $1', [
          data.disputeId,
          data.outcome,
          JSON.stringify(resolution),
        ]);
        break;
      }
    }
  }
}
