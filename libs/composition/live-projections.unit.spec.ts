import { liveProjections, selectProjections } from './live-projections';

describe('selectProjections (PROJECTIONS)', () => {
  const names = (select: () => { name: string }[]) => select().map((projection) => projection.name);

  it('runs every live projection when none is named, in the product order', () => {
    expect(names(selectProjections(null))).toEqual(liveProjections().map((projection) => projection.name));
  });

  it('runs only the named ones, still in the product order', () => {
    expect(names(selectProjections(['reports', 'attribution']))).toEqual(['attribution', 'reports']);
  });

  it('refuses a name no projection has, naming the variable and the projections there are', () => {
    expect(() => selectProjections(['ledger', 'ledgr'])).toThrow(
      'PROJECTIONS: there is no projection "ledgr" (there are attribution, risk, ledger, reports)',
    );
  });
});
