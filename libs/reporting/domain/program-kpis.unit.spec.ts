import { newProfile, recordActivity, recordLead, recordSourced, statusAt, type PartnerProfile } from './partner-profile';
import { activationRate, activePartners, maturityStage, retentionRate, timeToFirstDeal } from './program-kpis';

const day = (d: string) => `${d}T00:00:00.000Z`;

function partner(id: string, enrolled: string | null, build: (p: PartnerProfile) => void = () => undefined): PartnerProfile {
  const profile = newProfile(id);
  profile.enrolledAt = enrolled === null ? null : day(enrolled);
  build(profile);
  return profile;
}

describe('program KPIs (SPEC §4)', () => {
  it('activation: enrolled at least 90 days before asOf, first lead within 90 days of enrollment', () => {
    const profiles = [
      partner('on-time', '2026-01-01', (p) => recordLead(p, day('2026-03-31'))), // day 89
      partner('exactly-90', '2026-01-01', (p) => recordLead(p, day('2026-04-01'))), // day 90
      partner('late', '2026-01-01', (p) => recordLead(p, day('2026-04-02'))),
      partner('never', '2026-01-01'),
      partner('too-recent', '2026-05-01', (p) => recordLead(p, day('2026-05-02'))),
      partner('not-enrolled', null, (p) => recordLead(p, day('2026-01-02'))),
    ];
    expect(activationRate(profiles, day('2026-06-01'))).toEqual({ rate: '0.5000', numerator: 2, denominator: 4 });
    expect(activationRate([], day('2026-06-01'))).toEqual({ rate: null, numerator: 0, denominator: 0 });
  });

  it('retention: enrolled 12 months before asOf, active then, with activity in the 12 months before', () => {
    const profiles = [
      partner('busy', '2025-01-01', (p) => recordActivity(p, day('2026-05-01'))),
      partner('idle', '2025-01-01', (p) => recordActivity(p, day('2025-05-01'))),
      partner('suspended', '2025-01-01', (p) => {
        recordActivity(p, day('2026-05-01'));
        p.statusChanges.push({ status: 'suspended', at: day('2026-05-10'), position: 1 });
      }),
      partner('young', '2026-01-01', (p) => recordActivity(p, day('2026-05-01'))),
    ];
    expect(retentionRate(profiles, day('2026-06-01'))).toEqual({ rate: '0.3333', numerator: 1, denominator: 3 });
    // Before the suspension took effect, it still counted.
    expect(retentionRate(profiles, day('2026-05-05'))).toEqual({ rate: '0.6667', numerator: 2, denominator: 3 });
  });

  it('time to first deal is the median over partners with a sourced conversion by asOf', () => {
    const profiles = [
      partner('a', '2026-01-01', (p) => recordSourced(p, day('2026-01-11'))), // 10
      partner('b', '2026-01-01', (p) => recordSourced(p, day('2026-01-21'))), // 20
      partner('c', '2026-01-01', (p) => recordSourced(p, day('2026-02-05'))), // 35
      partner('d', '2026-01-01', (p) => recordSourced(p, day('2026-02-15'))), // 45, after asOf below
    ];
    expect(timeToFirstDeal(profiles, day('2026-02-10'))).toEqual({ medianDays: '20.0', partners: 3 });
    expect(timeToFirstDeal(profiles, day('2026-03-01'))).toEqual({ medianDays: '27.5', partners: 4 });
    expect(timeToFirstDeal(profiles, day('2025-12-01'))).toEqual({ medianDays: null, partners: 0 });
  });

  it.each([
    [0, 'Foundation'],
    [10, 'Foundation'],
    [11, 'Growth'],
    [50, 'Growth'],
    [51, 'Scale'],
    [200, 'Scale'],
    [201, 'Ecosystem-led'],
  ])('%i active partners: %s', (active, stage) => {
    expect(maturityStage(active).stage).toBe(stage);
  });

  it('counts active partners at asOf by the status in force then', () => {
    const suspended = partner('s', '2026-01-01', (p) => p.statusChanges.push({ status: 'terminated', at: day('2026-03-01'), position: 2 }));
    expect(statusAt(suspended, day('2026-02-01'))).toBe('active');
    expect(activePartners([suspended, partner('x', '2026-01-01'), partner('later', '2026-09-01')], day('2026-04-01'))).toBe(1);
  });

  it('keeps activity days sorted and distinct', () => {
    const p = newProfile('p');
    for (const d of ['2026-03-01', '2026-01-01', '2026-03-01', '2026-02-01']) recordActivity(p, day(d));
    expect(p.activityDays).toEqual(['2026-01-01', '2026-02-01', '2026-03-01']);
  });
});
