import { createHash } from 'node:crypto';
import {
  LATEST_HASH_VERSION,
  LEDGER_LINE_FIELDS,
  LINE_CELLS,
  type LedgerLine,
  type LedgerTransaction,
  type Posting,
  type TransactionDraft,
} from './ledger-line';

/** The `prevHash` of a partner's first line. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainHead {
  seq: number;
  hash: string;
}

// The hash covers every cell but itself; `hashVersion` picks the algorithm, so it is never a "later" field.
const HASHED_CELLS = LINE_CELLS.filter((cell) => cell.field.key !== 'hash');

/** Versions 1 to LATEST_HASH_VERSION; anything else on a stored line is an edit. */
export function isKnownHashVersion(version: unknown): version is number {
  return typeof version === 'number' && Number.isInteger(version) && version >= 1 && version <= LATEST_HASH_VERSION;
}

/**
 * sha256 of one JSON array of the line's cells (prevHash included, its own hash not): as canonical as
 * sorted-key JSON and much cheaper per line. The line's `hashVersion` says which cells, in table order:
 * every field that version knows (`since` ≤ version), nulls included; then each field added after it
 * that holds a value (not null, not ''), so a field the version never knew cannot be filled in
 * unnoticed.
 *
 * Version 1 is the algorithm of the ledgers written before versions existed: the 24 original fields,
 * then `replacedPolicyVersion` only when set. Version 2 hashes every field, `hashVersion` included.
 */
export function lineHash(line: Omit<LedgerLine, 'hash'>): string {
  const version = line.hashVersion;
  if (!isKnownHashVersion(version)) throw new Error(`line ${line.lineId}: unknown hash version ${String(version)}`);
  const known: unknown[] = [];
  const later: unknown[] = [];
  for (const cell of HASHED_CELLS) {
    const value = cell.get(line);
    if (cell.field.since <= version) known.push(value);
    else if (cell.field.key !== 'hashVersion' && value !== null && value !== '') later.push(value);
  }
  return createHash('sha256')
    .update(JSON.stringify(known.concat(later)), 'utf8')
    .digest('hex');
}

/** Links a transaction's postings into the partner's chain after `head`; returns the lines and the new head. */
export function chainTransaction(
  draft: TransactionDraft,
  head: ChainHead,
  hashed = true,
): { transaction: LedgerTransaction; head: ChainHead } {
  let { seq, hash } = head;
  const lines = draft.postings.map((posting, index) => {
    seq += 1;
    const line = assembleLine(draft, posting, `${draft.transactionId}#${index + 1}`, seq, hashed ? hash : UNHASHED);
    // A replay's lines (hashed false) are only tallied, never stored: they carry no link.
    line.hash = hashed ? lineHash(line) : UNHASHED;
    hash = line.hash;
    return line;
  });
  return { transaction: { transactionId: draft.transactionId, lines }, head: { seq, hash } };
}

const HEADER_KEYS = LEDGER_LINE_FIELDS.filter((field) => field.role === 'header').map((field) => field.key);
const POSTING_KEYS = LEDGER_LINE_FIELDS.filter((field) => field.role === 'posting').map((field) => field.key);

/**
 * One line, its fields always set in the same order whatever order the draft listed them in: every
 * line then has one shape, which keeps copying and reading lines cheap. Optional header fields are null.
 */
function assembleLine(draft: TransactionDraft, posting: Posting, lineId: string, seq: number, prevHash: string): LedgerLine {
  const line: Record<string, unknown> = { lineId, seq, prevHash, hashVersion: LATEST_HASH_VERSION, hash: '' };
  const header = draft as unknown as Record<string, unknown>;
  for (const key of HEADER_KEYS) line[key] = header[key] ?? null;
  for (const key of POSTING_KEYS) line[key] = (posting as Record<string, unknown>)[key];
  return line as unknown as LedgerLine;
}

/** The hash of a line a replay never stores (LedgerOptions.hashLines false): no line can verify against it. */
export const UNHASHED = 'unhashed';

/** One hash over every partner's chain head: equal ledgers have equal ledger hashes. */
export function ledgerHash(heads: Iterable<{ partnerId: string; seq: number; hash: string }>): string {
  const sorted = [...heads].sort((a, b) => (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0));
  const digest = createHash('sha256');
  for (const head of sorted) digest.update(`${head.partnerId}\u0000${head.seq}\u0000${head.hash}\n`, 'utf8');
  return digest.digest('hex');
}
