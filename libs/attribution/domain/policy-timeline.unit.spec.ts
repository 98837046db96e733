import { DEFAULT_POLICY } from './policy';
import { type AttributionPolicy } from '@ledger/contracts';
import { policyAt } from './policy-timeline';

const policy = (version: string): AttributionPolicy => ({ ...DEFAULT_POLICY, version });
const at = (iso: string) => Date.parse(iso);

describe('policy in force at a business time', () => {
  const options = {
    policy: DEFAULT_POLICY,
    recurringMonths: 12,
    // Adopted in this order: v2 from March, then v3 from February (it overrides v2 from its own date on), then v4 from May.
    adoptions: [
      { policy: policy('v2'), effectiveFrom: '2026-03-01T00:00:00.000Z' },
      { policy: policy('v3'), effectiveFrom: '2026-02-01T00:00:00.000Z' },
      { policy: policy('v4'), effectiveFrom: '2026-05-01T00:00:00.000Z' },
    ],
  };

  it.each([
    ['before any adoption', '2026-01-31T23:59:59.999Z', 'default-v1'],
    ['from the effective date, bound included', '2026-02-01T00:00:00.000Z', 'v3'],
    ['where an earlier adoption is overridden by a later one', '2026-03-15T00:00:00.000Z', 'v3'],
    ['after the latest effective date', '2026-06-01T00:00:00.000Z', 'v4'],
  ])('%s', (_label, time, version) => {
    expect(policyAt(options, at(time)).version).toBe(version);
  });

  it('without adoptions, the base policy always', () => {
    expect(policyAt({ policy: DEFAULT_POLICY, recurringMonths: 12 }, at('2030-01-01T00:00:00Z'))).toBe(DEFAULT_POLICY);
  });
});
