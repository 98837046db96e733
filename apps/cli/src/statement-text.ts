import type { StatementView } from '@ledger/ledger/read-model';

/** A statement for people: the period, opening and closing balances per currency, then one row per line. */
export function statementText(view: StatementView): string {
  const header = [
    `Statement of ${view.partnerId}, ${view.from ? `from ${view.from}` : 'from the beginning'} to ${view.to} (as known at ${view.knownAt})`,
    ...view.currencies.map((c) => `  ${c.currency}: opening ${c.opening}, closing ${c.closing}`),
  ];
  if (view.lines.length === 0) return `${[...header, '', 'no lines in this period'].join('\n')}\n`;
  const rows = view.lines.map((line) => [
    line.date.slice(0, 10),
    line.currency,
    line.kind,
    line.amount,
    line.runningBalance,
    line.description,
  ]);
  const titles = ['date', 'currency', 'kind', 'amount', 'balance', 'description'];
  const widths = titles.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const numeric = new Set([3, 4]);
  const render = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : numeric.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return `${[...header, '', render(titles), ...rows.map(render), '', `${view.lines.length} lines`].join('\n')}\n`;
}
