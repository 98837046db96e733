import { apiKeyEntry } from './api-key-entry';
import { ApiKeyRegistry } from './api-key-registry';
import { parseApiKeys } from './parse-api-keys';

describe('ApiKeyRegistry', () => {
  const registry = new ApiKeyRegistry(parseApiKeys('adm-key-0123456789:admin,fin-key-0123456789:finance,partner-key-000007:partner:P-1'));

  it('authenticates a known key as its principal', () => {
    expect(registry.authenticate('fin-key-0123456789')).toEqual({
      keyId: apiKeyEntry('fin-key-0123456789', 'finance').keyId,
      role: 'finance',
    });
    expect(registry.authenticate('partner-key-000007')).toEqual({
      keyId: apiKeyEntry('partner-key-000007', 'partner').keyId,
      role: 'partner',
      partnerId: 'P-1',
    });
  });

  it.each([
    '',
    'fin-key-012345678',
    'fin-key-0123456789 ',
    'FIN-KEY-0123456789',
    'adm-key-and-much-longer-than-any-stored-key'.repeat(40),
    'x',
  ])('rejects unknown key %p without throwing, whatever its length', (key) => {
    expect(registry.authenticate(key)).toBeUndefined();
  });

  it('never exposes the key in what it returns', () => {
    expect(JSON.stringify(registry.authenticate('adm-key-0123456789'))).not.toContain('adm-key');
    expect(JSON.stringify(registry.principals())).not.toContain('adm-key');
    expect(registry.size).toBe(3);
  });

  it('returns a copy, so callers cannot change the registry', () => {
    const principal = registry.authenticate('fin-key-0123456789')!;
    principal.role = 'admin';
    expect(registry.authenticate('fin-key-0123456789')!.role).toBe('finance');
  });

  it('accepts entries known only by hash and rejects malformed ones', () => {
    const { keyHash } = apiKeyEntry('only-hash', 'admin');
    expect(new ApiKeyRegistry([{ keyHash, keyId: 'ignored', role: 'admin' }]).authenticate('only-hash')?.role).toBe('admin');
    expect(() => new ApiKeyRegistry([{ keyHash: 'abc', keyId: 'abc', role: 'admin' }])).toThrow(/keyHash/);
    expect(() => new ApiKeyRegistry([apiKeyEntry('a', 'admin'), apiKeyEntry('a', 'finance')])).toThrow(/repeats/);
    expect(() => new ApiKeyRegistry([apiKeyEntry('p', 'partner')])).toThrow(/partner id/);
  });
});
