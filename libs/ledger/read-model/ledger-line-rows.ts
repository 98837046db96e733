import type { Tier } from '@ledger/contracts';
import type { Account, LedgerLine, TransactionKind } from '@ledger/ledger/domain';

/** A ledger_lines row as the drivers return it (numeric as string, timestamptz as Date, bigint as string or number). */
export interface LedgerLineRow {
  line_id: string;
  transaction_id: string;
  partner_id: string;
  seq: number | string;
  kind: string;
  account: string;
  currency: string;
  debit: string;
  credit: string;
  occurred_at: Date | string;
  recorded_at: Date | string;
  payable_at: Date | string;
  cause_type: string;
  cause_source: string;
  cause_id: string;
  cause_position: number | string;
  conversion_id: string | null;
  policy_version: string | null;
  plan_version: string | null;
  tier: string | null;
  rate: string | null;
  description: string;
  actor: string | null;
  prev_hash: string;
  hash: string;
  replaced_policy_version: string | null;
}

export function lineToRowValues(line: LedgerLine): unknown[] {
  return [
    line.lineId,
    line.transactionId,
    line.partnerId,
    line.seq,
    line.kind,
    line.account,
    line.currency,
    line.debit,
    line.credit,
    line.occurredAt,
    line.recordedAt,
    line.payableAt,
    line.cause.type,
    line.cause.source,
    line.cause.id,
    line.cause.position,
    line.conversionId,
    line.policyVersion,
    line.planVersion,
    line.tier,
    line.rate,
    line.description,
    line.actor,
    line.prevHash,
    line.hash,
    line.replacedPolicyVersion,
  ];
}

const iso = (value: Date | string): string => new Date(value).toISOString();

/** Rebuilds the line exactly as it was hashed, so verification can recompute its hash from the columns. */
export function rowToLine(row: LedgerLineRow): LedgerLine {
  return {
    transactionId: row.transaction_id,
    kind: row.kind as TransactionKind,
    partnerId: row.partner_id,
    currency: row.currency,
    occurredAt: iso(row.occurred_at),
    recordedAt: iso(row.recorded_at),
    payableAt: iso(row.payable_at),
    cause: { type: row.cause_type, source: row.cause_source, id: row.cause_id, position: Number(row.cause_position) },
    conversionId: row.conversion_id,
    policyVersion: row.policy_version,
    replacedPolicyVersion: row.replaced_policy_version ?? null,
    planVersion: row.plan_version,
    tier: row.tier as Tier | null,
    rate: row.rate,
    description: row.description,
    actor: row.actor,
    account: row.account as Account,
    // As stored: numeric keeps the scale it was written with, so any edit changes the hashed text.
    debit: String(row.debit),
    credit: String(row.credit),
    lineId: row.line_id,
    seq: Number(row.seq),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
