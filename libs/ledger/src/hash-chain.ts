import { createHash } from 'node:crypto';
import { canonicalJson } from '@ledger/events';
import type { LedgerLine, LedgerTransaction, TransactionDraft } from './ledger-line';

/** The `prevHash` of a partner's first line. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainHead {
  seq: number;
  hash: string;
}

/** sha256 over the canonical JSON of every field of the line but its own hash (prevHash included). */
export function lineHash(line: Omit<LedgerLine, 'hash'>): string {
  const { hash: _ignored, ...content } = line as LedgerLine;
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}

/** Links a transaction's postings into the partner's chain after `head`; returns the lines and the new head. */
export function chainTransaction(draft: TransactionDraft, head: ChainHead): { transaction: LedgerTransaction; head: ChainHead } {
  const { postings, ...header } = draft;
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
