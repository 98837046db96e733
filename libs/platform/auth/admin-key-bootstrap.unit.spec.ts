import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ADMIN_KEY_FILE, ensureBootstrapAdminKey, prepareBootstrapAdminKey } from './admin-key-bootstrap';
import { ApiKeyRegistry } from './api-key-registry';

describe('ensureBootstrapAdminKey', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'auth-bootstrap-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const keyIn = (lines: string[]) => lines.join('\n').match(/adm_[A-Za-z0-9_-]{32}/)?.[0];

  it('generates, stores only the hash, prints once, and the printed key authenticates', () => {
    const dataDir = path.join(root, 'nested', 'data');
    const first: string[] = [];
    const entry = ensureBootstrapAdminKey(dataDir, (line) => first.push(line));

    expect(first).toHaveLength(1);
    const key = keyIn(first)!;
    expect(key).toBeDefined();
    expect(first[0]).toContain(entry.keyId);

    const file = path.join(dataDir, ADMIN_KEY_FILE);
    const content = fs.readFileSync(file, 'utf8');
    expect(content).not.toContain(key);
    expect(content).not.toContain(key.slice(4));
    expect(Object.keys(JSON.parse(content)).sort()).toEqual(['createdAt', 'keyHash', 'keyId']);
    expect(JSON.parse(content).keyHash).toBe(entry.keyHash);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dataDir)).toEqual([ADMIN_KEY_FILE]); // no temp file left behind

    const second: string[] = [];
    const again = ensureBootstrapAdminKey(dataDir, (line) => second.push(line));
    expect(second).toHaveLength(1);
    expect(keyIn(second)).toBeUndefined();
    expect(second[0]).not.toContain(key);
    expect(second[0]).toContain(entry.keyId);
    expect(again).toEqual({ keyHash: entry.keyHash, keyId: entry.keyId, role: 'admin' });

    expect(new ApiKeyRegistry([again]).authenticate(key)).toEqual({ keyId: entry.keyId, role: 'admin' });
  });

  it('generates a different key for a different data directory', () => {
    const a: string[] = [];
    const b: string[] = [];
    ensureBootstrapAdminKey(path.join(root, 'a'), (line) => a.push(line));
    ensureBootstrapAdminKey(path.join(root, 'b'), (line) => b.push(line));
    expect(keyIn(a)).not.toBe(keyIn(b));
  });

  it('writes and prints nothing until published, so a failed start-up leaves no key behind', () => {
    const lines: string[] = [];
    const prepared = prepareBootstrapAdminKey(root, (line) => lines.push(line));
    expect(prepared.generated).toBe(true);
    expect(lines).toEqual([]);
    expect(fs.readdirSync(root)).toEqual([]);
    prepared.publish();
    prepared.publish();
    expect(lines).toHaveLength(1);
    expect(JSON.parse(fs.readFileSync(path.join(root, ADMIN_KEY_FILE), 'utf8')).keyHash).toBe(prepared.entry.keyHash);
  });

  it('never overwrites a key another process stored meanwhile', () => {
    const first = prepareBootstrapAdminKey(root, () => undefined);
    const second = prepareBootstrapAdminKey(root, () => undefined);
    first.publish();
    const printed: string[] = [];
    expect(() => prepareBootstrapAdminKey(root, (line) => printed.push(line)).publish()).not.toThrow(); // a stored key: just says so
    expect(() => second.publish()).toThrow(/was created by another process/);
    expect(JSON.parse(fs.readFileSync(path.join(root, ADMIN_KEY_FILE), 'utf8')).keyHash).toBe(first.entry.keyHash);
    expect(fs.readdirSync(root)).toEqual([ADMIN_KEY_FILE]);
  });

  it('refuses a damaged key file instead of silently replacing it', () => {
    fs.writeFileSync(path.join(root, ADMIN_KEY_FILE), '{"keyHash":"nope"}');
    expect(() => ensureBootstrapAdminKey(root, () => undefined)).toThrow(/not a valid admin key file; delete it/);
  });
});
