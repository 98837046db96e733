import type { RecordedEvent } from '@ledger/contracts';
import type { EntityRef } from '@ledger/kernel';
import type { LedgerEntities } from './ledger-state';

/** The ledger entity each identifying field names, wherever it sits in an event's data (a decision's credits included). */
const FIELD_KINDS: ReadonlyArray<[field: string, kinds: ReadonlyArray<keyof LedgerEntities>]> = [
  ['partnerId', ['partner']],
  ['conversionId', ['conversion', 'awaiting_refunds']],
  ['invoiceId', ['conversion', 'awaiting_refunds']],
  ['payoutId', ['payout']],
  ['adoptionId', ['policy_change']],
];

/** Deep enough for a decision inside a revision and the credits inside a decision. */
const MAX_DEPTH = 4;

/**
 * The entities folding `recorded` starts from: every partner, conversion, payout and policy change
 * its data names. A partial state fetches them (and what they point at, `ledgerRefsOf`) before a
 * batch; a read outside them is a miss the fold recovers from.
 */
export function ledgerRefsOfEvent(recorded: RecordedEvent): EntityRef[] {
  const refs: EntityRef[] = [];
  collect(recorded.event.data, refs, 0);
  return refs;
}

/** A conversion points at the partners of its commissions, a payout at its partner. */
export function ledgerRefsOf(kind: string, value: unknown): EntityRef[] {
  if (kind !== 'conversion' && kind !== 'payout') return [];
  const refs: EntityRef[] = [];
  collect(value, refs, 0);
  return refs.filter((ref) => ref.kind === 'partner');
}

function collect(value: unknown, refs: EntityRef[], depth: number): void {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return;
  if (Array.isArray(value)) {
    for (const item of value) collect(item, refs, depth + 1);
    return;
  }
  const record = value as Record<string, unknown>;
  for (const [field, kinds] of FIELD_KINDS) {
    const key = record[field];
    if (typeof key === 'string') for (const kind of kinds) refs.push({ kind, key });
  }
  for (const nested of Object.values(record)) if (typeof nested === 'object') collect(nested, refs, depth + 1);
}
