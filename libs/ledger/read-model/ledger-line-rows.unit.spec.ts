import fc from 'fast-check';
import { LINE_CELLS, type CellValue, type LineCell } from '@ledger/ledger/domain';
import { lineToRow, rowToLine } from './ledger-line-rows';

/** A cell's value as the line holds it, and the shapes a driver may return it in (Date for timestamptz, text for bigint...). */
function cellArbitrary(cell: LineCell): fc.Arbitrary<{ value: CellValue; stored: unknown }> {
  const base: fc.Arbitrary<{ value: CellValue; stored: unknown }> =
    cell.sql === 'timestamptz'
      ? fc
          .date({ min: new Date('0001-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true })
          .chain((date) => fc.constantFrom(date, date.toISOString()).map((stored) => ({ value: date.toISOString(), stored })))
      : cell.sql === 'integer' || cell.sql === 'bigint'
        ? fc
            .integer({ min: 0, max: cell.sql === 'integer' ? 2 ** 31 - 1 : Number.MAX_SAFE_INTEGER })
            .chain((n) => fc.constantFrom(n, String(n)).map((stored) => ({ value: n, stored })))
        : cell.sql === 'numeric'
          ? fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 18n }), fc.integer({ min: 0, max: 3 })).map(([units, scale]) => {
              const digits = units.toString().padStart(scale + 1, '0');
              const value = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
              return { value, stored: value };
            })
          : fc.string({ unit: 'grapheme', maxLength: 12 }).map((value) => ({ value, stored: value }));
  return cell.nullable ? fc.option(base, { nil: null }).map((cellValue) => cellValue ?? { value: null, stored: null }) : base;
}

const rowArbitrary = fc.tuple(...LINE_CELLS.map(cellArbitrary)).map((cells) => ({
  canonical: Object.fromEntries(LINE_CELLS.map((cell, i) => [cell.column, cells[i].value])),
  asReturned: Object.fromEntries(LINE_CELLS.map((cell, i) => [cell.column, cells[i].stored])),
}));

describe('ledger_lines rows, derived from the field table', () => {
  it('row -> line -> row round-trips, whatever shape the driver returns each column in', () => {
    fc.assert(
      fc.property(rowArbitrary, ({ canonical, asReturned }) => {
        const line = rowToLine(asReturned);
        expect(lineToRow(line)).toEqual(canonical);
        expect(rowToLine(lineToRow(line))).toEqual(line);
      }),
      { numRuns: 500 },
    );
  });

  it('has one column per field, a record field one per part, in an order new fields only append to (hashes depend on it)', () => {
    expect(LINE_CELLS.map((cell) => cell.column).slice(0, 27)).toEqual([
      ...[
        'line_id',
        'transaction_id',
        'partner_id',
        'seq',
        'kind',
        'account',
        'currency',
        'debit',
        'credit',
        'occurred_at',
        'recorded_at',
        'payable_at',
      ],
      ...[
        'cause_type',
        'cause_source',
        'cause_id',
        'cause_position',
        'conversion_id',
        'policy_version',
        'plan_version',
        'tier',
        'rate',
        'description',
      ],
      ...['actor', 'prev_hash', 'hash', 'replaced_policy_version', 'hash_version'],
    ]);
  });
});
