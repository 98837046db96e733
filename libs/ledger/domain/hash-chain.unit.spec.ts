import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { DEFAULT_LEDGER_OPTIONS } from './ledger-options';
import {
  GENESIS_HASH,
  LATEST_HASH_VERSION,
  LINE_CELLS,
  LedgerVerifier,
  lineHash,
  replayLedger,
  type LedgerLine,
  type LineCell,
} from './index';
import { ledgerHistoryArbitrary } from './testing/ledger-arbitraries';
import { asWrittenBeforeVersions, byChain, hashBeforeVersions } from './testing/hash-before-versions';

const linesOf = (history: Parameters<typeof replayLedger>[0]): LedgerLine[] =>
  replayLedger(history, DEFAULT_LEDGER_OPTIONS).outputs.flatMap((o) => (o.kind === 'transaction' ? o.transaction.lines : []));

function verify(lines: LedgerLine[]) {
  const verifier = new LedgerVerifier();
  const heads = new Map<string, { seq: number; hash: string }>();
  for (const line of [...lines].sort(byChain)) {
    verifier.add(line);
    heads.set(line.partnerId, { seq: line.seq, hash: line.hash });
  }
  return verifier.finish([...heads].map(([partnerId, head]) => ({ partnerId, ...head })));
}

/** A different value of the same type for one cell of a line (what an edit of that column would read back as). */
function edited(cell: LineCell, line: LedgerLine): LedgerLine {
  const before = cell.get(line);
  const after =
    cell.sql === 'timestamptz'
      ? new Date(Date.parse(before as string) + 1).toISOString()
      : cell.sql === 'integer' || cell.sql === 'bigint'
        ? (before as number) + 1
        : cell.sql === 'numeric'
          ? `${before as string}1`
          : before === null
            ? 'edited'
            : `${before as string}'`;
  const copy = structuredClone(line) as unknown as Record<string, unknown>;
  if (cell.part === null) copy[cell.field.key] = after;
  else (copy[cell.field.key] as Record<string, unknown>)[cell.part] = after;
  return copy as unknown as LedgerLine;
}

// Only the fields released with version 2: a field added later is absent (null) on it, as on every stored v2 line.
const sample = {
  lineId: 'accrual:default-v1:C-1:P-1#2',
  transactionId: 'accrual:default-v1:C-1:P-1',
  partnerId: 'P-1',
  seq: 2,
  kind: 'accrual',
  account: 'partner_commission',
  currency: 'USD',
  debit: '0.00',
  credit: '20.00',
  occurredAt: '2026-02-10T12:00:00.000Z',
  recordedAt: '2026-02-10T12:00:01.000Z',
  payableAt: '2026-03-12T12:00:00.000Z',
  cause: { type: 'attribution.decided', source: 'partner-ledger', id: 'decided-C-1', position: 7 },
  conversionId: 'C-1',
  policyVersion: 'default-v1',
  planVersion: 'default-v1',
  tier: 'registered',
  rate: '0.2',
  description: 'commission on C-1',
  actor: null,
  prevHash: 'a'.repeat(64),
  hash: '',
  replacedPolicyVersion: null,
  hashVersion: 2,
} as LedgerLine;

describe('line hash versions', () => {
  it('new lines get the latest version: 2, or a later one once a field is added', () => {
    expect(LATEST_HASH_VERSION).toBeGreaterThanOrEqual(2);
  });

  it('version 1 is the algorithm of the ledgers written before versions, with and without replacedPolicyVersion', () => {
    for (const replacedPolicyVersion of [null, 'default-v1']) {
      const line = { ...sample, replacedPolicyVersion, hashVersion: 1 };
      expect(lineHash(line)).toBe(hashBeforeVersions(line));
    }
  });

  it('version 2 hashes every field in table order, nulls and the version included (frozen: lines already written must keep verifying)', () => {
    const values = LINE_CELLS.filter((cell) => cell.field.key !== 'hash' && cell.field.since <= 2).map((cell) => cell.get(sample));
    expect(values).toEqual([
      ...['accrual:default-v1:C-1:P-1#2', 'accrual:default-v1:C-1:P-1', 'P-1', 2, 'accrual', 'partner_commission', 'USD', '0.00', '20.00'],
      ...[
        '2026-02-10T12:00:00.000Z',
        '2026-02-10T12:00:01.000Z',
        '2026-03-12T12:00:00.000Z',
        'attribution.decided',
        'partner-ledger',
        'decided-C-1',
        7,
      ],
      ...['C-1', 'default-v1', 'default-v1', 'registered', '0.2', 'commission on C-1', null, 'a'.repeat(64), null, 2],
    ]);
    expect(lineHash(sample)).toBe(createHash('sha256').update(JSON.stringify(values), 'utf8').digest('hex'));
    expect(lineHash(sample)).toBe('74ffe06594a8e8a0b5b05b927e98c8c543cb301cc5162bc00f678338541557f2');
  });

  it('fields added after version 1 are nullable: lines of an older version hold null there, which their hash leaves out', () => {
    const later = LINE_CELLS.filter((cell) => cell.field.since > 1 && cell.field.key !== 'hashVersion');
    expect(later.map((cell) => cell.column)).toContain('replaced_policy_version');
    for (const cell of later) expect(cell.nullable).toBe(true);
  });

  it('a version-2 line and its version-1 twin hash differently, so neither verifies as the other', () => {
    expect(lineHash({ ...sample, hashVersion: 1 })).not.toBe(lineHash(sample));
  });

  it('a line of an unknown version is reported, not hashed', () => {
    const version = LATEST_HASH_VERSION + 1;
    const line = { ...sample, hashVersion: version };
    expect(() => lineHash(line)).toThrow(`unknown hash version ${version}`);
    const report = verify([{ ...line, seq: 1, prevHash: GENESIS_HASH, hash: 'x' }]);
    expect(report.problems.map((p) => p.problem)).toContainEqual(expect.stringContaining(`unknown hash version ${version}`));
  });

  it('ledgers written before versions verify, new ledgers verify, and an edit of any column of either is caught', () => {
    fc.assert(
      fc.property(ledgerHistoryArbitrary, fc.nat(), fc.nat(), (history, pickLine, pickCell) => {
        const current = linesOf(history.events);
        fc.pre(current.length > 0);
        const old = asWrittenBeforeVersions(current);
        expect(current.every((line) => line.hashVersion === LATEST_HASH_VERSION)).toBe(true);
        for (const lines of [current, old]) {
          expect(verify(lines).problems).toEqual([]);
          const index = pickLine % lines.length;
          const cell = LINE_CELLS[pickCell % LINE_CELLS.length];
          const altered = lines.map((line, i) => (i === index ? edited(cell, line) : line));
          const report = verify(altered);
          expect(report.ok).toBe(false);
          // The edited line itself is named (an edited hash or seq may also break the next line's link).
          expect(report.problems.map((p) => p.lineId)).toContain(altered[index].lineId);
        }
      }),
      { numRuns: 300 },
    );
  });
});
