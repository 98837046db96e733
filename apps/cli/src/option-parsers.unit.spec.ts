import { InvalidArgumentError } from 'commander';
import { instant } from './option-parsers';

describe('CLI option parsers: instants', () => {
  it.each([
    ['start', '2026-03-31', '2026-03-31T00:00:00.000Z'],
    ['end', '2026-03-31', '2026-03-31T23:59:59.999Z'],
    ['end', '2028-02-29', '2028-02-29T23:59:59.999Z'],
    ['start', '2026-03-31T12:00:00+02:00', '2026-03-31T10:00:00.000Z'],
  ] as const)('reads --%s %s as %s', (edge, value, expected) => {
    expect(instant(edge)(value)).toBe(expected);
  });

  it.each([
    ['2026-02-30', '"2026-02-30" has day 30, but February 2026 has 28 days'],
    ['2025-02-29T10:00:00Z', '"2025-02-29T10:00:00Z" has day 29, but February 2025 has 28 days'],
    ['2026-04-31', '"2026-04-31" has day 31, but April 2026 has 30 days'],
    ['0000-01-01', '"0000-01-01" has year 0000; years go from 0001 to 9999'],
    [
      '9999-12-31T23:59:59-23:59',
      '"9999-12-31T23:59:59-23:59" is after 9999-12-31T23:59:59.999Z once converted to UTC; years go from 0001 to 9999',
    ],
    ['2026-03-31T10:00', '"2026-03-31T10:00" has no time zone; end it with "Z" or an offset such as "+02:00"'],
    ['tomorrow', '"tomorrow" is not an ISO 8601 date-time with a zone such as "2026-03-31T23:59:59Z", nor a date such as "2026-03-31"'],
  ])('refuses %s, saying why', (value, message) => {
    const parse = () => instant('end')(value);
    expect(parse).toThrow(InvalidArgumentError);
    expect(parse).toThrow(message);
  });
});
