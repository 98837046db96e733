import type { BadRequestException } from '@nestjs/common';
import { encodeCursor, pageOf, pageParams, positionAfter, wantsPage } from './paging';

const errorsOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return ((error as BadRequestException).getResponse() as { errors: unknown }).errors;
  }
  throw new Error('did not throw');
};

describe('list paging', () => {
  it('defaults to 50 from the first row and reads a cursor back as the sort key it encodes', () => {
    expect(pageParams(undefined, undefined, 1)).toEqual({ limit: 50, after: null });
    expect(pageParams('1000', encodeCursor(['2026-02-10T12:00:00.000Z', 'C-1']), 2)).toEqual({
      limit: 1000,
      after: ['2026-02-10T12:00:00.000Z', 'C-1'],
    });
  });

  it.each([['0'], ['1001'], ['ten'], ['-1'], ['1.5'], [['1', '2']]])('refuses limit %j naming it', (limit) => {
    expect(errorsOf(() => pageParams(limit, undefined, 1))).toEqual([{ path: 'limit', message: 'must be a whole number from 1 to 1000' }]);
  });

  it.each([['not a cursor'], [encodeCursor(['a', 'b'])], [Buffer.from('{"a":1}').toString('base64url')], [encodeCursor(['x\u0000'])]])(
    'refuses cursor %j naming it',
    (cursor) => {
      expect(errorsOf(() => pageParams('5', cursor, 1))).toEqual([{ path: 'cursor', message: 'is not a cursor this list gave out' }]);
    },
  );

  it('keeps limit rows and gives the last one’s key as the next cursor only when more follow', () => {
    const page = { limit: 2, after: null };
    expect(
      pageOf(
        [1, 2, 3],
        page,
        (n) => [String(n)],
        (n) => n * 10,
      ),
    ).toEqual({ items: [10, 20], nextCursor: encodeCursor(['2']) });
    expect(
      pageOf(
        [1, 2],
        page,
        (n) => [String(n)],
        (n) => n,
      ),
    ).toEqual({ items: [1, 2], nextCursor: null });
  });

  it('pages a statement only when limit or cursor is given; reads position cursors strictly', () => {
    expect(wantsPage(undefined, undefined)).toBe(false);
    expect(wantsPage('', '')).toBe(false);
    expect(wantsPage('10', undefined)).toBe(true);
    expect(positionAfter({ limit: 5, after: ['42'] })).toBe(42);
    expect(positionAfter({ limit: 5, after: null })).toBeNull();
    expect(errorsOf(() => positionAfter({ limit: 5, after: ['4x'] }))).toEqual([
      { path: 'cursor', message: 'is not a cursor this list gave out' },
    ]);
  });
});
