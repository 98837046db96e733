import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { apiKeyEntry, isKeyHash, keyIdFromHash, type ApiKeyEntry } from './api-key-entry';

export const ADMIN_KEY_FILE = 'admin-key.json';

/** What is persisted: the hash only, so a copied DATA_DIR does not leak a usable key. */
interface StoredAdminKey {
  keyHash: string;
  keyId: string;
  createdAt: string;
}

/**
 * SPEC §5: with API_KEYS empty, the server generates an admin key on first start, stores it
 * under DATA_DIR and prints it once. Later starts reuse the stored hash and never print the
 * key again (it cannot: only the hash exists). Delete the file to get a new key.
 */
export function ensureBootstrapAdminKey(dataDir: string, print: (line: string) => void): ApiKeyEntry {
  const file = path.join(dataDir, ADMIN_KEY_FILE);
  const stored = readStoredAdminKey(file);
  if (stored) {
    print(
      `An admin API key already exists (keyId ${stored.keyId}, hash stored in ${file}); it is not shown again. ` +
        'Delete that file and restart to generate a new one, or set API_KEYS.',
    );
    return { keyHash: stored.keyHash, role: 'admin', keyId: stored.keyId };
  }

  const key = `adm_${randomBytes(24).toString('base64url')}`;
  const entry = apiKeyEntry(key, 'admin');
  fs.mkdirSync(dataDir, { recursive: true });
  writeFileAtomically(file, `${JSON.stringify({ keyHash: entry.keyHash, keyId: entry.keyId, createdAt: new Date().toISOString() }, null, 2)}\n`);
  print(
    `API_KEYS is empty, so an admin API key was generated (keyId ${entry.keyId}). ` +
      `It is shown only this once and only its hash is kept in ${file}; save it now: ${key}`,
  );
  return entry;
}

function readStoredAdminKey(file: string): StoredAdminKey | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  // A damaged file must not silently turn into a fresh key: that would hide tampering.
  const broken = () => new Error(`${file} is not a valid admin key file; delete it to generate a new admin key`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw broken();
  }
  const { keyHash, createdAt } = (parsed ?? {}) as Partial<StoredAdminKey>;
  if (!isKeyHash(keyHash)) throw broken();
  return { keyHash, keyId: keyIdFromHash(keyHash), createdAt: String(createdAt ?? '') };
}

/** Temp file in the same directory + rename, so a crash never leaves a half-written file. */
function writeFileAtomically(file: string, content: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = fs.openSync(temp, 'wx', 0o600);
    try {
      fs.writeSync(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.chmodSync(temp, 0o600); // the open mode is subject to umask; make it exact
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}
