import { createHash } from 'node:crypto';
import type { LedgerLine, LedgerTransaction, TransactionDraft } from './ledger-line';

/** The `prevHash` of a partner's first line. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainHead {
  seq: number;
  hash: string;
}

/**
 * sha256 over every field of the line but its own hash (prevHash included), serialised as one JSON
 * array in a fixed field order: as canonical as sorted-key JSON, and much cheaper per line.
 */
export function lineHash(line: Omit<LedgerLine, 'hash'>): string {
  const fields: unknown[] = [
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
  ];
  // Added after the first ledgers were written: hashed only when set, so their hashes still verify.
  if (line.replacedPolicyVersion) fields.push(line.replacedPolicyVersion);
  const content = JSON.stringify(fields);
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

/** Links a transaction's postings into the partner's chain after `head`; returns the lines and the new head. */
export function chainTransaction(draft: TransactionDraft, head: ChainHead): { transaction: LedgerTransaction; head: ChainHead } {
  const { postings, ...rest } = draft;
  const header = { ...rest, replacedPolicyVersion: rest.replacedPolicyVersion ?? null };
  let { seq, hash } = head;
  const lines = postings.map((posting, index) => {
    seq += 1;
    const unhashed: Omit<LedgerLine, 'hash'> = { ...header, ...posting, lineId: `${draft.transactionId}#${index + 1}`, seq, prevHash: hash };
    hash = lineHash(unhashed);
    return { ...unhashed, hash };
  });
  return { transaction: { transactionId: draft.transactionId, lines }, head: { seq, hash } };
}

/** One hash over every partner's chain head: equal ledgers have equal ledger hashes. */
export function ledgerHash(heads: Iterable<{ partnerId: string; seq: number; hash: string }>): string {
  const sorted = [...heads].sort((a, b) => (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0));
  const digest = createHash('sha256');
  for (const head of sorted) digest.update(`${head.partnerId}\u0000${head.seq}\u0000${head.hash}\n`, 'utf8');
  return digest.digest('hex');
}
