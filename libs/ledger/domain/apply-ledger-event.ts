import { catalogued, LEDGER_SOURCE, type LineCause, type RecordedEvent } from '@ledger/contracts';
import { accrueDecision } from './accruals';
import { recordAdjustment, recordDisputeResolution } from './adjustments';
import { decideFlag, recordFlag } from './holds';
import { recordRefund } from './clawbacks';
import { applyPolicyChange, recordRevision } from './revisions';
import { LedgerEffects, type LedgerOutput } from './ledger-effects';
import type { LedgerOptions } from './ledger-options';
import type { LedgerState } from './ledger-state';
import { recordCertification, recordEnrollment } from './partner-accounts';
import { confirmPayout, failPayout, schedulePayouts } from './payouts';
import { normalizeTime } from '@ledger/kernel';

/**
 * The ledger as a pure fold: applies one stored event (in global order) to the state and returns the
 * transactions, tier changes and exceptions it causes. No clock, no I/O: live projection, rebuilds and
 * simulations call this same function and get the same lines and hashes.
 *
 * Facts the ledger itself records (decisions, payout runs, adjustments) count only from the reserved
 * source `partner-ledger`; upstream facts come from anywhere else.
 */
export function applyLedgerEvent(state: LedgerState, recorded: RecordedEvent, options: LedgerOptions): LedgerOutput[] {
  const event = catalogued(recorded);
  const effects = new LedgerEffects(state, options.hashLines ?? true);
  const cause: LineCause = { type: event.type, source: event.source, id: event.id, position: recorded.position };
  const recordedAt = normalizeTime(recorded.recordedAt);
  const own = event.source === LEDGER_SOURCE;
  switch (event.type) {
    case 'partner.enrolled':
      if (!own) recordEnrollment(effects, options.tierProgram, event.data, normalizeTime(event.time), cause);
      break;
    case 'partner.certified':
      if (!own) recordCertification(effects, options.tierProgram, event.data, normalizeTime(event.time), cause);
      break;
    case 'attribution.decided':
      if (own) accrueDecision(effects, options, event.data, recordedAt, cause);
      break;
    case 'attribution.revised':
      if (own) recordRevision(effects, event.data, cause);
      break;
    case 'attribution.policy_applied':
      if (own) applyPolicyChange(effects, options, event.data, recordedAt, cause);
      break;
    case 'invoice.refunded':
      if (!own) recordRefund(effects, event.data, event.time, recordedAt, cause);
      break;
    case 'payout.run_scheduled':
      if (own) schedulePayouts(effects, event.data, event.time, recordedAt, cause);
      break;
    case 'payout.paid':
      if (!own) confirmPayout(effects, event.data, event.time, recordedAt, cause);
      break;
    case 'payout.failed':
      if (!own) failPayout(effects, event.data, event.time, recordedAt, cause);
      break;
    case 'adjustment.recorded':
      if (own) recordAdjustment(effects, event.data, event.time, recordedAt, cause);
      break;
    case 'risk.flagged':
      if (own) recordFlag(effects, event.data, recordedAt, cause);
      break;
    case 'risk.flag_decided':
      if (own) decideFlag(effects, event.data, event.time, recordedAt, cause);
      break;
    case 'dispute.resolved':
      if (own) recordDisputeResolution(effects, event.data, event.time, recordedAt, cause);
      break;
    default:
      break;
  }
  return effects.outputs;
}
