/** The API key lives in this browser tab's session storage only (SPEC §8): closing the tab forgets it. */
const KEY = 'partner-ledger.api-key';

export function storedKey(): string | null {
  return sessionStorage.getItem(KEY);
}

export function storeKey(key: string): void {
  sessionStorage.setItem(KEY, key);
}

export function forgetKey(): void {
  sessionStorage.removeItem(KEY);
}
