import { isDomainName } from './domain-name';

describe('isDomainName', () => {
  it.each([
    'acme.com',
    'www.acme.com',
    'WWW.Acme.COM',
    'shop.acme.co.uk',
    'a1-b2.io',
    '3m.com',
    'xn--bcher-kva.example',
    `${'a'.repeat(63)}.com`,
  ])('accepts %s', (value) => expect(isDomainName(value)).toBe(true));

  it.each([
    ['no dot', 'localhost'],
    ['a scheme', 'https://acme.com'],
    ['a path', 'acme.com/pricing'],
    ['a port', 'acme.com:443'],
    ['an e-mail address', 'bob@acme.com'],
    ['an IP address', '192.168.0.1'],
    ['an empty label', 'acme..com'],
    ['a leading dot', '.acme.com'],
    ['a trailing dot', 'acme.com.'],
    ['a label starting with a hyphen', '-acme.com'],
    ['a label ending with a hyphen', 'acme-.com'],
    ['an underscore', 'my_shop.com'],
    ['a space', 'acme .com'],
    ['a numeric top-level label', 'acme.123'],
    ['a label longer than 63 characters', `${'a'.repeat(64)}.com`],
    ['more than 253 characters', `${'abcdefghi.'.repeat(26)}com`],
    ['the empty string', ''],
  ])('rejects %s', (_case, value) => expect(isDomainName(value)).toBe(false));

  it('rejects non-strings', () => expect(isDomainName(42)).toBe(false));
});
