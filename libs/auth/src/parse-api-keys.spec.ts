import { hashApiKey, keyIdFromHash } from './api-key-entry';
import { parseApiKeys } from './parse-api-keys';

describe('parseApiKeys', () => {
  it.each([undefined, '', '   '])('returns no entries for %p', (raw) => {
    expect(parseApiKeys(raw)).toEqual([]);
  });

  it('parses every role, splitting at the first colon and trimming entries', () => {
    const entries = parseApiKeys(' a1:admin , i1:ingest,f1:finance,  n1:analyst ,k7:partner:P-1,');
    expect(entries.map(({ role, partnerId }) => ({ role, partnerId }))).toEqual([
      { role: 'admin', partnerId: undefined },
      { role: 'ingest', partnerId: undefined },
      { role: 'finance', partnerId: undefined },
      { role: 'analyst', partnerId: undefined },
      { role: 'partner', partnerId: 'P-1' },
    ]);
    expect(entries[4].keyHash).toBe(hashApiKey('k7'));
    expect(entries[4].keyId).toBe(keyIdFromHash(hashApiKey('k7')));
    expect(entries[4].keyId).toMatch(/^[0-9a-f]{12}$/);
    expect('partnerId' in entries[0]).toBe(false);
  });

  it('keeps colons inside a partner id', () => {
    expect(parseApiKeys('k:partner:acme:eu')[0].partnerId).toBe('acme:eu');
  });

  it('never keeps the plain key', () => {
    expect(JSON.stringify(parseApiKeys('sup3r-secret:finance'))).not.toContain('sup3r-secret');
  });

  const secret = 'S3CRET-value';
  it.each([
    ['missing role', `ok:admin,${secret}`, /entry 2 has no role/],
    ['empty role', `ok:admin,x:admin,${secret}:`, /entry 3 has no role after the colon/],
    ['unknown role', `${secret}:root`, /entry 1 has an unknown role; valid roles are admin, ingest, finance, analyst, partner:<partnerId>/],
    ['upper-case role', `${secret}:Admin`, /entry 1 has an unknown role \(roles are lower case\)/],
    ['role swapped with key', `admin:${secret}`, /entry 1 has an unknown role/],
    ['empty key', ':admin', /entry 1 has an empty key/],
    ['whitespace in key', `my ${secret}:admin`, /entry 1 has whitespace inside the key/],
    ['partner without id', `${secret}:partner`, /entry 1 has role partner without a partner id/],
    ['partner with empty id', `${secret}:partner:`, /entry 1 has role partner without a partner id/],
    ['qualifier on a non-partner role', `${secret}:finance:P-1`, /entry 1 has role finance, which takes no/],
    ['duplicate key', `${secret}:admin,b:ingest,${secret}:finance`, /entry 3 repeats the key of entry 1/],
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
