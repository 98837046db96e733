import { hashApiKey, keyIdFromHash } from './api-key-entry';
import { parseApiKeys } from './parse-api-keys';

describe('parseApiKeys', () => {
  it.each([undefined, '', '   '])('returns no entries for %p', (raw) => {
    expect(parseApiKeys(raw)).toEqual([]);
  });

  it('parses every role, splitting at the first colon and trimming entries', () => {
    const entries = parseApiKeys(
      ' admin-key-000001:admin , ingest-key-00001:ingest,finance-key-0001:finance,  analyst-key-0001:analyst ,partner-key-0007:partner:P-1,',
    );
    expect(entries.map(({ role, partnerId }) => ({ role, partnerId }))).toEqual([
      { role: 'admin', partnerId: undefined },
      { role: 'ingest', partnerId: undefined },
      { role: 'finance', partnerId: undefined },
      { role: 'analyst', partnerId: undefined },
      { role: 'partner', partnerId: 'P-1' },
    ]);
    expect(entries[4].keyHash).toBe(hashApiKey('partner-key-0007'));
    expect(entries[4].keyId).toBe(keyIdFromHash(hashApiKey('partner-key-0007')));
    expect(entries[4].keyId).toMatch(/^[0-9a-f]{12}$/);
    expect('partnerId' in entries[0]).toBe(false);
  });

  it('accepts a key of exactly 16 characters', () => {
    expect(parseApiKeys('abcdefghijklmnop:admin')).toHaveLength(1);
  });

  it('keeps colons inside a partner id', () => {
    expect(parseApiKeys('partner-key-acme-eu:partner:acme:eu')[0].partnerId).toBe('acme:eu');
  });

  it('never keeps the plain key', () => {
    expect(JSON.stringify(parseApiKeys('sup3r-secret-finance:finance'))).not.toContain('sup3r-secret');
  });

  const secret = 'S3CRET-value-0123456789';
  const other = 'another-key-0123456789';
  it.each([
    ['missing role', `${other}:admin,${secret}`, /entry 2 has no role/],
    ['empty role', `${other}:admin,x-${other}:admin,${secret}:`, /entry 3 has no role after the colon/],
    ['unknown role', `${secret}:root`, /entry 1 has an unknown role; valid roles are admin, ingest, finance, analyst, partner:<partnerId>/],
    ['upper-case role', `${secret}:Admin`, /entry 1 has an unknown role \(roles are lower case\)/],
    ['role swapped with key', `admin:${secret}`, /entry 1 has an unknown role/],
    ['empty key', ':admin', /entry 1 has an empty key/],
    ['whitespace in key', `my ${secret}:admin`, /entry 1 has whitespace inside the key/],
    ['partner without id', `${secret}:partner`, /entry 1 has role partner without a partner id/],
    ['partner with empty id', `${secret}:partner:`, /entry 1 has role partner without a partner id/],
    ['qualifier on a non-partner role', `${secret}:finance:P-1`, /entry 1 has role finance, which takes no/],
    ['short key', `${other}:admin,S3CRET-value:finance`, /entry 2 has a key shorter than 16 characters/],
    ['duplicate key', `${secret}:admin,${other}:ingest,${secret}:finance`, /entry 3 repeats the key of entry 1/],
  ])('rejects %s with a message naming the entry but not the key', (_case, raw, message) => {
    let error: unknown;
    try {
      parseApiKeys(raw);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(/^API_KEYS entry \d+ /);
    expect((error as Error).message).not.toContain(secret);
  });
});
