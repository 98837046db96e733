import { dealView, type DealRow } from './deal-view';

const row = (overrides: Partial<DealRow> = {}): DealRow => ({
  deal_id: 'D-1',
  partner_id: 'P-1',
  account_domain: 'acme.example',
  registered_at: '2026-01-01T00:00:00.000Z',
  position: 7,
  approved_at: null,
  hold_until: '2026-04-01T00:00:00.000Z',
  rejected_at: null,
  rejection_reason: null,
  lost_at: null,
  lost_reason: null,
  won_at: null,
  won_conversion_id: null,
  ...overrides,
});

describe('a deal registration’s status (SPEC §5)', () => {
  const now = '2026-02-01T00:00:00.000Z';

  it('is pending, then approved, while it holds its domain; expired after', () => {
    expect(dealView(row(), now)).toMatchObject({ status: 'pending', protectedUntil: '2026-04-01T00:00:00.000Z', reason: null });
    expect(dealView(row({ approved_at: '2026-01-10T00:00:00.000Z' }), now).status).toBe('approved');
    expect(dealView(row(), '2026-04-02T00:00:00.000Z')).toMatchObject({ status: 'expired', reason: 'expired unapproved on 2026-04-01' });
    expect(dealView(row({ approved_at: '2026-01-10T00:00:00.000Z' }), '2026-04-02T00:00:00.000Z')).toMatchObject({
      status: 'expired',
      reason: 'protection ended on 2026-04-01',
    });
  });

  it('says rejected with its reason, won with its conversion, lost with its reason, whatever the time', () => {
    expect(dealView(row({ rejected_at: now, rejection_reason: 'held by P-2' }), now)).toMatchObject({
      status: 'rejected',
      protectedUntil: null,
      reason: 'held by P-2',
    });
    expect(dealView(row({ won_at: now, won_conversion_id: 'C-1' }), '2027-01-01T00:00:00.000Z')).toMatchObject({
      status: 'won',
      conversionId: 'C-1',
    });
    expect(dealView(row({ lost_at: now, lost_reason: 'competitor' }), now)).toMatchObject({ status: 'lost', reason: 'competitor' });
  });
});
