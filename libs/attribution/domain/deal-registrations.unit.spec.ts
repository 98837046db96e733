import { History, plusDays, run } from './testing/history';

/** Automatic rejection of deal registrations (SPEC §3, "Deal registration conflicts" and below). */
const REG = '2026-03-01T00:00:00.000Z';
const APPROVED = '2026-03-04T00:00:00.000Z';
const program = () => new History().enroll('P-1').enroll('P-2').enroll('P-3');

interface Row {
  rule: string;
  history: () => History;
  /** The expected rejection of D-2, or null when D-2 must be accepted. */
  rejection: { code: string; reason: string; until?: string } | null;
}

const rows: Row[] = [
  {
    rule: 'another partner registering a domain held by a pending registration',
    history: () => program().register('D-1', 'P-1', 'acme.com', REG).register('D-2', 'P-2', 'acme.com', plusDays(REG, 1)),
    rejection: {
      code: 'conflict',
      reason: 'account acme.com is held by partner P-1 (registration D-1, pending approval) until 2026-05-30',
      until: '2026-05-30T00:00:00.000Z',
    },
  },
  {
    rule: 'another partner registering a domain held by an approved registration',
    history: () =>
      program().register('D-1', 'P-1', 'acme.com', REG).approve('D-1', APPROVED).register('D-2', 'P-2', 'acme.com', plusDays(REG, 10)),
    rejection: {
      code: 'conflict',
      reason: 'account acme.com is held by partner P-1 (registration D-1, approved) until 2026-06-02',
      until: '2026-06-02T00:00:00.000Z',
    },
  },
  {
    rule: 'the holder itself registering the domain again',
    history: () => program().register('D-1', 'P-1', 'acme.com', REG).register('D-2', 'P-1', 'acme.com', plusDays(REG, 1)),
    rejection: {
      code: 'already_held',
      reason: 'partner P-1 already holds account acme.com (registration D-1, pending approval) until 2026-05-30',
    },
  },
  {
    rule: 'domains conflict after normalisation (case, leading www.)',
    history: () => program().register('D-1', 'P-1', 'Acme.COM', REG).register('D-2', 'P-2', 'www.acme.com', plusDays(REG, 1)),
    rejection: {
      code: 'conflict',
      reason: 'account acme.com is held by partner P-1 (registration D-1, pending approval) until 2026-05-30',
    },
  },
  {
    rule: 'a reserved domain',
    history: () => program().reserve('acme.com', REG, '2026-12-31T23:59:59Z').register('D-2', 'P-2', 'acme.com', plusDays(REG, 1)),
    rejection: { code: 'reserved', reason: 'account acme.com is reserved for direct sales until 2026-12-31' },
  },
  {
    rule: 'a reserved domain whose reservation has ended is accepted',
    history: () => program().reserve('acme.com', REG, plusDays(REG, 1)).register('D-2', 'P-2', 'acme.com', plusDays(REG, 2)),
    rejection: null,
  },
  {
    rule: 'an unknown partner',
    history: () => program().register('D-2', 'P-9', 'acme.com', REG),
    rejection: { code: 'unknown_partner', reason: 'partner P-9 is unknown (never enrolled)' },
  },
  {
    rule: 'a suspended partner',
    history: () => program().status('P-2', 'suspended', REG).register('D-2', 'P-2', 'acme.com', plusDays(REG, 1)),
    rejection: { code: 'inactive_partner', reason: 'partner P-2 is suspended' },
  },
  {
    rule: 'a terminated partner',
    history: () => program().status('P-2', 'terminated', REG).register('D-2', 'P-2', 'acme.com', plusDays(REG, 1)),
    rejection: { code: 'inactive_partner', reason: 'partner P-2 is terminated' },
  },
  {
    rule: 'a pending holder blocks up to its last instant',
    history: () => program().register('D-1', 'P-1', 'acme.com', REG).register('D-2', 'P-2', 'acme.com', plusDays(REG, 90)),
    rejection: {
      code: 'conflict',
      reason: 'account acme.com is held by partner P-1 (registration D-1, pending approval) until 2026-05-30',
    },
  },
  {
    rule: 'an expired pending holder no longer blocks',
    history: () =>
      program()
        .register('D-1', 'P-1', 'acme.com', REG)
        .register('D-2', 'P-2', 'acme.com', plusDays(REG, 90, 1)),
    rejection: null,
  },
  {
    rule: 'an approved holder whose protection ended no longer blocks',
    history: () =>
      program()
        .register('D-1', 'P-1', 'acme.com', REG)
        .approve('D-1', APPROVED, 5)
        .register('D-2', 'P-2', 'acme.com', plusDays(APPROVED, 6)),
    rejection: null,
  },
  {
    rule: 'a holder rejected by the CRM no longer blocks',
    history: () =>
      program()
        .register('D-1', 'P-1', 'acme.com', REG)
        .reject('D-1', plusDays(REG, 1))
        .register('D-2', 'P-2', 'acme.com', plusDays(REG, 2)),
    rejection: null,
  },
  {
    rule: 'an automatically rejected registration never holds the domain',
    history: () =>
      program()
        .register('D-1', 'P-1', 'acme.com', REG)
        .register('D-0', 'P-3', 'acme.com', plusDays(REG, 1)) // rejected: D-1 holds
        .reject('D-1', plusDays(REG, 2))
        .register('D-2', 'P-2', 'acme.com', plusDays(REG, 3)),
    rejection: null,
  },
  {
    rule: 'a different domain does not conflict',
    history: () => program().register('D-1', 'P-1', 'acme.com', REG).register('D-2', 'P-2', 'acme.co.uk', plusDays(REG, 1)),
    rejection: null,
  },
];

describe('automatic rejection of deal registrations', () => {
  test.each(rows.map((row) => [row.rule, row] as const))('%s', (_rule, row) => {
    const { rejections } = run(row.history());
    const rejection = rejections.get('D-2');
    if (row.rejection === null) {
      expect(rejection).toBeUndefined();
      return;
    }
    expect(rejection).toMatchObject({ dealId: 'D-2', code: row.rejection.code, reason: row.rejection.reason });
    if (row.rejection.until) expect(rejection?.heldBy?.until).toBe(row.rejection.until);
  });

  it('names the deal.registered event as its cause', () => {
    const history = program().register('D-1', 'P-1', 'acme.com', REG).register('D-2', 'P-2', 'acme.com', plusDays(REG, 1));
    expect(run(history).rejections.get('D-2')?.cause).toEqual({ source: 'test', id: 'evt-5', position: 5 });
  });

  it('ignores a repeated dealId (no output: a rejection would end the original registration)', () => {
    const history = program()
      .register('D-1', 'P-1', 'acme.com', REG)
      .register('D-1', 'P-2', 'acme.com', plusDays(REG, 1))
      .approve('D-1', APPROVED);
    const outcome = run(history.won('C-1', 'CU-1', 'acme.com', '10.00', plusDays(APPROVED, 1)));
    expect(outcome.rejections.size).toBe(0);
    expect(outcome.decisions.get('C-1')?.credits).toEqual([{ partnerId: 'P-1', weight: '1', revenue: '10.00', share: '1' }]);
  });
});
