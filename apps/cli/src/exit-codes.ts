/**
 * Exit statuses scripts can rely on, for every command of this CLI:
 * - 0: done (and for `verify`, the ledger is intact);
 * - 1: the command ran but could not do its job: verification found problems, the partner is
 *   unknown, the store is not in the state the command needs (not empty, in use), a failure;
 * - 2: bad arguments or configuration (unknown option, invalid value, invalid environment).
 */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
