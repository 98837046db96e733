import { readFileSync, writeFileSync } from 'node:fs';

/** Peak resident set size (VmHWM) of a process in MiB, or undefined where /proc does not tell. */
export function peakRssMiB(pid: number | 'self' = 'self'): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Current resident set size of a process in MiB (VmRSS). */
export function rssMiB(pid: number | 'self' = 'self'): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts a new peak: Linux resets VmHWM to the current RSS when "5" is written to clear_refs, so
 * each phase's peak is its own (the RSS a phase starts with, garbage of earlier phases included,
 * is its floor). Returns false where that is not allowed; the peak then spans the process's life.
 */
export function resetPeakRss(pid: number | 'self' = 'self'): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}
