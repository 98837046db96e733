import { addressProblem, hostOf, isPublicAddress } from './address-guard';

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    'not-an-ip',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111'])('accepts %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('addressProblem (address literals: no lookup)', () => {
  it('names a private address, unless private addresses are allowed', async () => {
    expect(await addressProblem('http://127.0.0.1:8080/hook', false)).toMatch(/127\.0\.0\.1, a private, loopback or link-local address/);
    expect(await addressProblem('http://[::1]:8080/hook', false)).toMatch(/::1/);
    expect(await addressProblem('http://127.0.0.1:8080/hook', true)).toBeNull();
    expect(await addressProblem('https://8.8.8.8/hook', false)).toBeNull();
  });

  it('reads IPv6 hosts without brackets', () => {
    expect(hostOf('http://[fe80::1]:80/')).toBe('fe80::1');
  });
});
