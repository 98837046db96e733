import { createHash } from 'node:crypto';
import { catalogued, type Credit, type LineCause, type RecordedEvent } from '@ledger/contracts';
import { Dec, normalizeTime } from '@ledger/kernel';
import type { LedgerOutput, LedgerTransaction } from '@ledger/ledger/domain';
import type { NotificationDraft } from './notification';
import type { DealStatus, NotificationKind } from './notification-kinds';

/** What the ledger projection produced for one recorded event of a batch. */
export interface LedgerEventOutputs {
  recorded: RecordedEvent;
  outputs: readonly LedgerOutput[];
}

/** Transaction kinds told as they are booked (holds are told once per flag, from the flag). */
const KIND_OF_TRANSACTION: Readonly<Record<string, NotificationKind>> = {
  accrual: 'commission.booked',
  clawback: 'commission.clawed_back',
  hold_release: 'commission.released',
  payout: 'payout.scheduled',
  payout_confirmation: 'payout.paid',
  payout_reversal: 'payout.failed',
};

const PAYOUT_KINDS = new Set(['payout', 'payout_confirmation', 'payout_reversal']);

/**
 * The notifications of one batch of the ledger projection, in the order the facts were booked
 * (global order, then the order the ledger produced them). Pure: the same batch gives the same
 * drafts with the same ids, so a rebuild that runs the projection again writes nothing new.
 */
export function notificationsOf(batch: readonly LedgerEventOutputs[]): NotificationDraft[] {
  const drafts: NotificationDraft[] = [];
  for (const { recorded, outputs } of batch) {
    const heldByFlag = recorded.event.type === 'risk.flagged' ? heldCommission(recorded, outputs) : null;
    if (heldByFlag) drafts.push(heldByFlag);
    for (const output of outputs) {
      if (output.kind === 'transaction') {
        const draft = transactionNotification(output.transaction);
        if (draft) drafts.push(draft);
      } else if (output.kind === 'tier_changed' && output.change.from !== null) {
        const { partnerId, change } = output;
        drafts.push(
          draft(
            'tier.changed',
            `tier:${partnerId}:${change.from}>${change.to}@${change.at}:${change.cause.id}`,
            partnerId,
            normalizeTime(change.at),
            { from: change.from, to: change.to, at: normalizeTime(change.at), reason: change.reason, cause: causeOf(change.cause) },
          ),
        );
      }
    }
    drafts.push(...eventNotifications(recorded));
  }
  return drafts;
}

/** A stable, header-safe id: `ntf_` and 128 bits of the SHA-256 of what the notification is about. */
export function notificationIdOf(kind: NotificationKind, fact: string, party: string): string {
  return `ntf_${createHash('sha256').update(`${kind}\n${fact}\n${party}`, 'utf8').digest('hex').slice(0, 32)}`;
}

function draft(
  kind: NotificationKind,
  fact: string,
  partnerId: string,
  occurredAt: string,
  data: Record<string, unknown>,
): NotificationDraft & { partnerId: string } {
  return { notificationId: notificationIdOf(kind, fact, partnerId), kind, partnerId, occurredAt, data };
}

function transactionNotification(transaction: LedgerTransaction): NotificationDraft | null {
  const [first] = transaction.lines;
  // Compared as text: the kinds of holds are newer than this mapping's type.
  const kind = first ? KIND_OF_TRANSACTION[first.kind as string] : undefined;
  if (!first || !kind) return null;
  return draft(kind, `transaction:${transaction.transactionId}`, first.partnerId, first.occurredAt, transactionData(transaction));
}

/** What every transaction notification says: the entry, its amount and the fact that caused it. */
function transactionData(transaction: LedgerTransaction): Record<string, unknown> {
  const [first] = transaction.lines;
  const amount = transaction.lines.reduce((sum, line) => sum.plus(line.debit), new Dec(0));
  return {
    transactionId: transaction.transactionId,
    transactionKind: first.kind,
    ...(PAYOUT_KINDS.has(first.kind) ? { payoutId: transaction.transactionId.slice(transaction.transactionId.indexOf(':') + 1) } : {}),
    currency: first.currency,
    amount: amount.toFixed(Math.max(0, ...transaction.lines.map((line) => decimals(line.debit)))),
    conversionId: first.conversionId,
    occurredAt: first.occurredAt,
    payableAt: first.payableAt,
    recordedAt: first.recordedAt,
    policyVersion: first.policyVersion,
    planVersion: first.planVersion,
    tier: first.tier,
    rate: first.rate,
    description: first.description,
    lines: transaction.lines.map((line) => ({ lineId: line.lineId, account: line.account, debit: line.debit, credit: line.credit })),
    cause: causeOf(first.cause),
  };
}

/** `commission.held`: once per flag, from the `risk.flagged` event whose hold entries moved the commission. */
function heldCommission(recorded: RecordedEvent, outputs: readonly LedgerOutput[]): NotificationDraft | null {
  const event = catalogued(recorded);
  if (event.type !== 'risk.flagged') return null;
  const holds = outputs.flatMap((output) =>
    output.kind === 'transaction' && (output.transaction.lines[0]?.kind as string) === 'hold' ? [output.transaction] : [],
  );
  if (holds.length === 0) return null;
  const first = holds[0].lines[0];
  const data = event.data;
  const held = holds
    .flatMap((transaction) => transaction.lines)
    .filter((line) => (line.account as string) === 'partner_commission_held')
    .reduce((sum, line) => sum.plus(line.credit).minus(line.debit), new Dec(0));
  return draft('commission.held', `flag:${data.flagId}`, data.partnerId, first.occurredAt, {
    flagId: data.flagId,
    conversionId: data.conversionId,
    currency: first.currency,
    amount: held.toFixed(Math.max(0, ...holds.flatMap((t) => t.lines).map((line) => decimals(line.debit)))),
    policyVersion: data.policyVersion,
    signals: data.signals.map((signal) => ({ signal: signal.signal, evidence: signal.evidence })),
    transactionIds: holds.map((transaction) => transaction.transactionId),
    cause: { type: event.type, source: event.source, id: event.id },
  });
}

/** Notifications of recorded events themselves: deal status changes, attribution revisions, dispute resolutions. */
function eventNotifications(recorded: RecordedEvent): NotificationDraft[] {
  const event = catalogued(recorded);
  const fact = `event:${event.source}:${event.id}`;
  const cause = { type: event.type, source: event.source, id: event.id };
  const at = normalizeTime(event.time);
  switch (event.type) {
    case 'deal.registered':
      return [
        {
          ...dealDraft(fact, event.data.dealId, 'pending', at, { accountDomain: event.data.accountDomain }, cause),
          partnerId: event.data.partnerId,
        },
      ];
    case 'deal.approved':
      return [dealDraft(fact, event.data.dealId, 'approved', at, {}, cause)];
    case 'deal.rejected':
      return [dealDraft(fact, event.data.dealId, 'rejected', at, { reason: event.data.reason }, cause)];
    case 'deal.closed_lost':
      return [dealDraft(fact, event.data.dealId, 'lost', at, event.data.reason === undefined ? {} : { reason: event.data.reason }, cause)];
    case 'deal.closed_won':
      return event.data.dealId === undefined
        ? []
        : [dealDraft(fact, event.data.dealId, 'won', at, { conversionId: event.data.conversionId }, cause)];
    case 'attribution.revised': {
      const { data } = event;
      const before = new Map(data.replaced.credits.map((credit) => [credit.partnerId, credit]));
      const after = new Map(data.decision.credits.map((credit) => [credit.partnerId, credit]));
      const partners = [...new Set([...before.keys(), ...after.keys()])].sort();
      return partners.map((partnerId) =>
        draft('attribution.revised', fact, partnerId, at, {
          conversionId: data.conversionId,
          adoptionId: data.adoptionId,
          effectiveFrom: data.effectiveFrom,
          policyVersion: data.decision.policyVersion,
          replacedPolicyVersion: data.replaced.policyVersion,
          credit: creditOf(after.get(partnerId)),
          replacedCredit: creditOf(before.get(partnerId)),
          cause,
        }),
      );
    }
    case 'dispute.resolved': {
      const { data } = event;
      return [
        draft('dispute.resolved', fact, data.partnerId, at, {
          disputeId: data.disputeId,
          outcome: data.outcome,
          reason: data.reason,
          ...(data.adjustment ? { adjustment: data.adjustment } : {}),
          cause,
        }),
      ];
    }
    default:
      return [];
  }
}

/** A deal's new status; its partner is filled in by the outbox from the registration (id by deal, not by partner). */
function dealDraft(
  fact: string,
  dealId: string,
  status: DealStatus,
  occurredAt: string,
  extra: Record<string, unknown>,
  cause: Record<string, unknown>,
): NotificationDraft {
  return {
    notificationId: notificationIdOf('deal.status_changed', fact, `deal:${dealId}`),
    kind: 'deal.status_changed',
    partnerId: null,
    dealId,
    occurredAt,
    data: { dealId, status, ...extra, cause },
  };
}

function creditOf(credit: Credit | undefined): Record<string, string> | null {
  return credit ? { weight: credit.weight, revenue: credit.revenue } : null;
}

function causeOf(cause: LineCause): Record<string, unknown> {
  return { type: cause.type, source: cause.source, id: cause.id, position: cause.position };
}

function decimals(value: string): number {
  const point = value.indexOf('.');
  return point < 0 ? 0 : value.length - point - 1;
}
