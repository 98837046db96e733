import { createHash } from 'node:crypto';
import { GENESIS_HASH } from '../hash-chain';
import type { LedgerLine } from '../ledger-line';

/** The line hash as the ledger computed it before hash versions existed, word for word: what version 1 must reproduce. */
export function hashBeforeVersions(line: Omit<LedgerLine, 'hash' | 'hashVersion'>): string {
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
  if (line.replacedPolicyVersion) fields.push(line.replacedPolicyVersion);
  return createHash('sha256').update(JSON.stringify(fields), 'utf8').digest('hex');
}

export const byChain = (a: LedgerLine, b: LedgerLine): number =>
  a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : a.seq - b.seq;

/** The same lines as a ledger written before hash versions holds them: every chain re-linked with the old hash, version 1. */
export function asWrittenBeforeVersions(lines: readonly LedgerLine[]): LedgerLine[] {
  const heads = new Map<string, string>();
  return [...lines].sort(byChain).map((line) => {
    const prevHash = heads.get(line.partnerId) ?? GENESIS_HASH;
    const old = { ...line, prevHash, hashVersion: 1 };
    const hash = hashBeforeVersions(old);
    heads.set(line.partnerId, hash);
    return { ...old, hash };
  });
}
