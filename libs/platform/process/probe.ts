/** What a health probe found: the value, or why there was none within the time allowed. */
export type ProbeResult<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Waits at most `timeoutMillis` for `work` (a dependency's answer) and never throws: a health
 * endpoint must answer even when the database or the broker does not.
 */
export async function probe<T>(work: Promise<T>, timeoutMillis: number): Promise<ProbeResult<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMillis} ms`)), timeoutMillis);
  });
  try {
    return { ok: true, value: await Promise.race([work, timeout]) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
    // A probe that lost the race may still fail later; nobody waits for it any more.
    work.catch(() => undefined);
  }
}
