import { Dec } from '@ledger/kernel';
import { ACCOUNTS } from './accounts';
import { GENESIS_HASH, isKnownHashVersion, ledgerHash, lineHash, type ChainHead } from './hash-chain';
import type { LedgerLine } from './ledger-line';

export interface LedgerProblem {
  partnerId: string;
  lineId?: string;
  transactionId?: string;
  problem: string;
}

export interface VerificationReport {
  ok: boolean;
  problems: LedgerProblem[];
  /** How many problems there were in all; `problems` keeps the first `maxProblems`. */
  problemCount: number;
  checked: { partners: number; transactions: number; lines: number };
  /** One hash over every partner's chain as it stands: equal ledgers have equal hashes. */
  ledgerHash: string;
}

/**
 * Re-checks the ledger line by line, in chain order (partner, then seq): every hash link, every
 * line's own hash under its hash version (so an altered amount, time or cause is caught), debits
 * equal credits in every transaction, and each chain ends where the projection recorded its head
 * (so a removed tail is caught).
 */
export class LedgerVerifier {
  private readonly problems: LedgerProblem[] = [];
  private problemCount = 0;
  private partners = 0;
  private transactions = 0;
  private lines = 0;
  private readonly tails = new Map<string, ChainHead>();
  private partnerId: string | null = null;
  private previous: ChainHead = { seq: 0, hash: GENESIS_HASH };
  private open: { transactionId: string; partnerId: string; currency: string; debit: Dec; credit: Dec; lines: number } | null = null;

  constructor(private readonly maxProblems = 1000) {}

  add(line: LedgerLine): void {
    if (line.partnerId !== this.partnerId) {
      this.closeTransaction();
      this.partnerId = line.partnerId;
      this.previous = { seq: 0, hash: GENESIS_HASH };
      this.partners += 1;
    }
    this.lines += 1;
    const at = { partnerId: line.partnerId, lineId: line.lineId, transactionId: line.transactionId };
    if (line.seq !== this.previous.seq + 1)
      this.report({
        ...at,
        problem: `line has seq ${line.seq} where ${this.previous.seq + 1} was expected (a line is missing or was inserted)`,
      });
    if (line.prevHash !== this.previous.hash)
      this.report({ ...at, problem: 'prevHash does not match the hash of the previous line in the chain' });
    // Each line is checked by the algorithm of its own hash version: ledgers written before v2 still verify.
    if (!isKnownHashVersion(line.hashVersion))
      this.report({ ...at, problem: `unknown hash version ${String(line.hashVersion)}: the line was altered after it was written` });
    else if (lineHash(line) !== line.hash)
      this.report({ ...at, problem: 'content does not match its hash: the line was altered after it was written' });
    if (!ACCOUNTS.includes(line.account)) this.report({ ...at, problem: `unknown account "${line.account}"` });
    const debit = new Dec(line.debit);
    const credit = new Dec(line.credit);
    if (debit.isNegative() || credit.isNegative() || debit.isZero() === credit.isZero()) {
      this.report({ ...at, problem: `a line carries one positive amount on one side (debit ${line.debit}, credit ${line.credit})` });
    }
    if (this.open?.transactionId !== line.transactionId) {
      this.closeTransaction();
      this.open = {
        transactionId: line.transactionId,
        partnerId: line.partnerId,
        currency: line.currency,
        debit: new Dec(0),
        credit: new Dec(0),
        lines: 0,
      };
    }
    if (line.currency !== this.open.currency)
      this.report({ ...at, problem: `transaction mixes ${this.open.currency} and ${line.currency}` });
    this.open.debit = this.open.debit.plus(debit);
    this.open.credit = this.open.credit.plus(credit);
    this.open.lines += 1;
    this.previous = { seq: line.seq, hash: line.hash };
    this.tails.set(line.partnerId, this.previous);
  }

  /** `heads`: the chain heads the projection recorded when it wrote the lines. */
  finish(heads: Iterable<{ partnerId: string; seq: number; hash: string }>): VerificationReport {
    this.closeTransaction();
    const recorded = new Map<string, ChainHead>();
    for (const head of heads) recorded.set(head.partnerId, { seq: head.seq, hash: head.hash });
    for (const [partnerId, head] of recorded) {
      const tail = this.tails.get(partnerId) ?? { seq: 0, hash: GENESIS_HASH };
      if (tail.seq !== head.seq || tail.hash !== head.hash) {
        this.report({
          partnerId,
          problem: `chain ends at seq ${tail.seq} but the ledger recorded its head at seq ${head.seq}: lines were removed or replaced`,
        });
      }
    }
    for (const partnerId of this.tails.keys()) {
      if (!recorded.has(partnerId)) this.report({ partnerId, problem: 'lines exist for a partner whose chain head was never recorded' });
    }
    return {
      ok: this.problemCount === 0,
      problems: this.problems,
      problemCount: this.problemCount,
      checked: { partners: this.partners, transactions: this.transactions, lines: this.lines },
      ledgerHash: ledgerHash([...this.tails].map(([partnerId, head]) => ({ partnerId, ...head }))),
    };
  }

  private closeTransaction(): void {
    const open = this.open;
    if (!open) return;
    this.open = null;
    this.transactions += 1;
    if (open.lines < 2)
      this.report({ partnerId: open.partnerId, transactionId: open.transactionId, problem: 'a transaction needs at least two lines' });
    if (!open.debit.equals(open.credit)) {
      this.report({
        partnerId: open.partnerId,
        transactionId: open.transactionId,
        problem: `debits ${open.debit.toString()} do not equal credits ${open.credit.toString()} ${open.currency}`,
      });
    }
  }

  private report(problem: LedgerProblem): void {
    this.problemCount += 1;
    if (this.problems.length < this.maxProblems) this.problems.push(problem);
  }
}
