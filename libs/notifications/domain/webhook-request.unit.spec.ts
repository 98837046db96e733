import { parseWebhookRequest } from './webhook-request';

describe('parseWebhookRequest', () => {
  it('reads an http(s) URL and known kinds', () => {
    expect(parseWebhookRequest({ url: 'https://hooks.example.com/ledger?x=1', events: ['commission.booked', 'payout.paid'] })).toEqual({
      ok: true,
      value: { url: 'https://hooks.example.com/ledger?x=1', events: ['commission.booked', 'payout.paid'] },
    });
  });

  it.each([
    [{ url: 'ftp://hooks.example.com', events: ['payout.paid'] }, 'url', /http or https/],
    [{ url: 'file:///etc/passwd', events: ['payout.paid'] }, 'url', /http or https/],
    [{ url: 'https://user:pw@hooks.example.com', events: ['payout.paid'] }, 'url', /user name or password/],
    [{ url: 'not a url', events: ['payout.paid'] }, 'url', /absolute http or https URL/],
    [{ events: ['payout.paid'] }, 'url', /is required/],
    [{ url: 'https://hooks.example.com', events: [] }, 'events', /non-empty array/],
    [{ url: 'https://hooks.example.com', events: ['payout.paid', 'commission.created'] }, 'events[1]', /must be one of/],
    [{ url: 'https://hooks.example.com', events: ['payout.paid', 'payout.paid'] }, 'events[1]', /repeats payout.paid/],
    [{ url: 'https://hooks.example.com', events: ['payout.paid'], secret: 'x' }, 'secret', /not a field/],
  ])('refuses %j naming %s', (body, path, message) => {
    const parsed = parseWebhookRequest(body);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors).toEqual(expect.arrayContaining([{ path, message: expect.stringMatching(message) }]));
  });
});
