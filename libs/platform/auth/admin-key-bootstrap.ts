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

/** The admin key to accept, and how to announce it once the server is really up. */
export interface BootstrapAdminKey {
  entry: ApiKeyEntry;
  /** True when the key was generated now (and is not stored yet). */
  generated: boolean;
  /**
   * Stores a generated key's hash under DATA_DIR and prints the key, or for a stored key prints
   * that it exists. Idempotent. Call it only when start-up has succeeded: a key printed by a
   * start that then fails would be lost (the next start would find nothing, or a hash nobody holds).
   */
  publish(): void;
}

/**
 * SPEC §5: with API_KEYS empty, the server generates an admin key on first start, stores it
 * under DATA_DIR and prints it once. Later starts reuse the stored hash and never print the
 * key again (it cannot: only the hash exists). Delete the file to get a new key.
 *
 * This only decides; nothing is written or printed until `publish()`.
 */
export function prepareBootstrapAdminKey(dataDir: string, print: (line: string) => void): BootstrapAdminKey {
  const file = path.join(dataDir, ADMIN_KEY_FILE);
  const stored = readStoredAdminKey(file);
  let published = false;
  if (stored) {
    return {
      entry: { keyHash: stored.keyHash, role: 'admin', keyId: stored.keyId },
      generated: false,
      publish: () => {
        if (published) return;
        published = true;
        print(
          `An admin API key already exists (keyId ${stored.keyId}, hash stored in ${file}); it is not shown again. ` +
            'Delete that file and restart to generate a new one, or set API_KEYS.',
        );
      },
    };
  }

  const key = `adm_${randomBytes(24).toString('base64url')}`;
  const entry = apiKeyEntry(key, 'admin');
  return {
    entry,
    generated: true,
    publish: () => {
      if (published) return;
      fs.mkdirSync(dataDir, { recursive: true });
      writeNewFileAtomically(
        file,
        `${JSON.stringify({ keyHash: entry.keyHash, keyId: entry.keyId, createdAt: new Date().toISOString() }, null, 2)}\n`,
      );
      published = true;
      print(
        `API_KEYS is empty, so an admin API key was generated (keyId ${entry.keyId}). ` +
          `It is shown only this once and only its hash is kept in ${file}; save it now: ${key}`,
      );
    },
  };
}

/** Decides and publishes at once (for the command line, whose work is done when it calls this). */
export function ensureBootstrapAdminKey(dataDir: string, print: (line: string) => void): ApiKeyEntry {
  const bootstrap = prepareBootstrapAdminKey(dataDir, print);
  bootstrap.publish();
  return bootstrap.entry;
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

/**
 * Temp file in the same directory, then a hard link to the final name, so a crash never leaves a
 * half-written file and a key another process stored meanwhile is never overwritten (its holder
 * would lose it): the link fails instead.
 */
function writeNewFileAtomically(file: string, content: string): void {
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
    try {
      fs.linkSync(temp, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new Error(
          `${file} was created by another process while this one started; restart to use that admin key (or delete the file for a new one)`,
        );
      }
      throw error;
    }
  } finally {
    fs.rmSync(temp, { force: true });
  }
}
