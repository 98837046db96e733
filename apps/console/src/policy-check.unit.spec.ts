import { checkJson } from './policy-check';
import { tierSentence } from './tier-sentence';
import type { TierView } from './types';

describe('the simulation editor checks as the analyst types', () => {
  it('accepts a policy the API accepts, and an empty field', () => {
    expect(checkJson('{"version": "first-click-v2", "model": "first_click", "clickWindowDays": 30}', 'policy').problems).toEqual([]);
    expect(checkJson('  ', 'plan')).toEqual({ value: undefined, problems: [] });
  });

  it('names each problem by its path', () => {
    expect(checkJson('{"version": "v2", "model": "first_klick", "colour": 1}', 'policy').problems).toEqual([
      { path: 'policy.colour', message: expect.stringContaining('is not a policy field') },
      { path: 'policy.model', message: 'must be one of last_click, first_click, linear, position_based, time_decay' },
    ]);
    expect(checkJson('{"model": "linear", "precedence": ["email"]}', 'policy').problems.map((p) => p.path)).toEqual([
      'policy.version',
      'policy.precedence',
    ]);
    expect(checkJson('{"version": ', 'plan').problems[0]).toEqual({ path: 'plan', message: expect.stringContaining('is not valid JSON') });
    expect(checkJson('[1]', 'plan').problems).toEqual([{ path: 'plan', message: 'must be a JSON object' }]);
  });
});

describe('tier progress in words', () => {
  const tier = (requirements: TierView['progress']['requirements'], next: string | null = 'silver'): TierView => ({
    partnerId: 'P-1',
    tier: 'registered',
    since: null,
    programVersion: 'default-v1',
    progress: { next, requirements, sourcedConversions: 0, certifications: [], creditedRevenue: {} },
    history: [],
    withdrawn: [],
  });

  it('says what is still missing for the next tier', () => {
    expect(
      tierSentence(
        tier([
          { metric: 'sourcedConversions', required: '3', actual: '1', met: false },
          { metric: 'certifications', required: '1', actual: '0', met: false },
        ]),
      ),
    ).toBe('2 more sourced conversions and a certification for silver.');
    expect(tierSentence(tier([{ metric: 'sourcedConversions', required: '3', actual: '2', met: false }]))).toBe(
      '1 more sourced conversion for silver.',
    );
    expect(tierSentence(tier([], null))).toBe('registered is the highest tier.');
  });
});
