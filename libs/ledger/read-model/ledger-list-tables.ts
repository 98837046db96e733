import { catalogued, LEDGER_SOURCE, type RecordedEvent } from '@ledger/contracts';
import type { KeyedChange } from '@ledger/kernel';
import { Dec, normalizeTime } from '@ledger/kernel';
import type { LedgerEntities, PayoutEntity } from '@ledger/ledger/domain';
import type { SqlExecutor } from '@ledger/platform/sql';

/*
 * The list tables (schema: ledger-list-schema.ts) a batch changes: payouts from the fold's changed
 * entities; partner status, payout runs and adjustments from the batch's events themselves (the
 * fold keeps no entity for them). Written after the partner and conversion tables, in their
 * transaction; every write is idempotent, so a retried batch writes the same rows.
 */

interface StatusChange {
  partnerId: string;
  status: string;
  at: string;
}

export function listTableChanges(
  batch: readonly RecordedEvent[],
  changes: Iterable<KeyedChange<LedgerEntities>>,
): (tx: SqlExecutor) => Promise<void> {
  const payouts: PayoutEntity[] = [];
  for (const change of changes) if (change.kind === 'payout' && change.value) payouts.push(change.value as PayoutEntity);
  const statuses: StatusChange[] = [];
  const runs: Array<{ runId: string; position: number; asOf: string; minimum: string; requestedBy: string }> = [];
  const adjustments: Array<{ id: string; position: number; partnerId: string; currency: string; amount: string; reason: string }> = [];
  const actors: string[] = [];
  const times: Array<{ occurredAt: string; recordedAt: string }> = [];
  for (const recorded of batch) {
    const event = catalogued(recorded);
    if (event.type === 'partner.status_changed') {
      statuses.push({ partnerId: event.data.partnerId, status: event.data.status, at: normalizeTime(event.time) });
    } else if (event.type === 'payout.run_scheduled') {
      const { runId, asOf, minimum, requestedBy } = event.data;
      runs.push({ runId, position: recorded.position, asOf, minimum: JSON.stringify(minimum), requestedBy: JSON.stringify(requestedBy) });
    } else if (event.type === 'adjustment.recorded') {
      const { adjustmentId, partnerId, amount, reason, actor } = event.data;
      adjustments.push({
        id: adjustmentId,
        position: recorded.position,
        partnerId,
        currency: amount.currency,
        amount: amount.amount,
        reason,
      });
      actors.push(JSON.stringify(actor));
      times.push({ occurredAt: normalizeTime(event.time), recordedAt: recorded.recordedAt });
    } else if (event.type === 'dispute.resolved' && event.source === LEDGER_SOURCE) {
      // An upheld dispute's adjustment is booked as an adjustment (adjustments.ts) and listed with them.
      const { disputeId, partnerId, outcome, adjustment, reason, resolvedBy } = event.data;
      if (outcome !== 'upheld' || !adjustment || new Dec(adjustment.amount).isZero()) continue;
      adjustments.push({
        id: `dispute:${disputeId}`,
        position: recorded.position,
        partnerId,
        currency: adjustment.currency,
        amount: adjustment.amount,
        reason: `dispute ${disputeId}: ${reason}`,
      });
      actors.push(JSON.stringify(resolvedBy));
      times.push({ occurredAt: normalizeTime(event.time), recordedAt: recorded.recordedAt });
    }
  }
  return async (tx) => {
    if (payouts.length > 0) {
      await tx.query(
        `INSERT INTO ledger_payouts (payout_id, run_id, partner_id, currency, amount, status, scheduled_at, confirmed_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::numeric[], $6::text[], $7::timestamptz[], $8::timestamptz[])
         ON CONFLICT (payout_id) DO UPDATE SET status = EXCLUDED.status, scheduled_at = EXCLUDED.scheduled_at, confirmed_at = EXCLUDED.confirmed_at`,
        [
          payouts.map((p) => p.payoutId),
          payouts.map((p) => p.runId),
          payouts.map((p) => p.partnerId),
          payouts.map((p) => p.currency),
          payouts.map((p) => p.amount),
          payouts.map((p) => p.status),
          payouts.map((p) => p.scheduledAt ?? null),
          payouts.map((p) => p.confirmedAt ?? null),
        ],
      );
    }
    // The status in force now: the latest change by business time (ties: the later in global order).
    for (const change of statuses) {
      await tx.query(
        `UPDATE ledger_partners SET status = $2, status_at = $3 WHERE partner_id = $1 AND (status_at IS NULL OR status_at <= $3)`,
        [change.partnerId, change.status, change.at],
      );
    }
    if (runs.length > 0) {
      await tx.query(
        `INSERT INTO ledger_payout_runs (run_id, position, as_of, minimum, requested_by)
         SELECT id, position, as_of, minimum::json, requested_by::json
           FROM unnest($1::text[], $2::bigint[], $3::timestamptz[], $4::text[], $5::text[]) AS r(id, position, as_of, minimum, requested_by)
         ON CONFLICT DO NOTHING`,
        [
          runs.map((r) => r.runId),
          runs.map((r) => r.position),
          runs.map((r) => r.asOf),
          runs.map((r) => r.minimum),
          runs.map((r) => r.requestedBy),
        ],
      );
    }
    if (adjustments.length > 0) {
      await tx.query(
        `INSERT INTO ledger_adjustments (adjustment_id, position, partner_id, currency, amount, reason, actor, occurred_at, recorded_at)
         SELECT id, position, partner, currency, amount, reason, actor::json, occurred, recorded
           FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::numeric[], $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[])
                AS a(id, position, partner, currency, amount, reason, actor, occurred, recorded)
         ON CONFLICT DO NOTHING`,
        [
          adjustments.map((a) => a.id),
          adjustments.map((a) => a.position),
          adjustments.map((a) => a.partnerId),
          adjustments.map((a) => a.currency),
          adjustments.map((a) => a.amount),
          adjustments.map((a) => a.reason),
          actors,
          times.map((t) => t.occurredAt),
          times.map((t) => t.recordedAt),
        ],
      );
    }
  };
}
