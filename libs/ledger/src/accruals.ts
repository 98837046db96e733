import type { AttributionDecision } from '@ledger/attribution';
import { commissionForCredit } from '@ledger/commission';
import { Dec, formatAmount } from '@ledger/money';
import { applyRefund, type RevisionTag } from './clawbacks';
import type { LedgerEffects } from './ledger-effects';
import type { LineCause } from './ledger-line';
import type { LedgerOptions } from './ledger-options';
import type { ConversionEntity } from './ledger-state';
import { posting } from './posting';
import { partnerAccount, promoteIfReached, tierAt } from './partner-accounts';
import { addDaysIso, normalizeTime } from './time';

/**
 * Books the commission of every credited partner of a recorded attribution decision, at the tier in
 * force at the conversion's business time, then counts the conversion toward tiers (a tier reached
 * through this conversion applies from the next one on), then applies refunds that were waiting for it.
 */
export function accrueDecision(effects: LedgerEffects, options: LedgerOptions, decision: AttributionDecision, recordedAt: string, cause: LineCause): void {
  const { state } = effects;
  const existing = state.get('conversion', decision.conversionId);
  if (existing) {
    effects.exception(
      cause,
      `conversion ${decision.conversionId} was already booked from ${existing.decidedFor.source}/${existing.decidedFor.id}; ` +
        `the decision about ${decision.cause.source}/${decision.cause.id} is not booked again`,
    );
    return;
  }
  const { currency } = decision.amount;
  const conversion: ConversionEntity = {
    conversionId: decision.conversionId,
    conversionType: decision.conversionType,
    currency,
    amount: decision.amount.amount,
    conversionTime: normalizeTime(decision.conversionTime),
    policyVersion: decision.policyVersion,
    planVersion: options.plan.version,
    decidedFor: { source: decision.cause.source, id: decision.cause.id },
    accruals: [],
    refunded: formatAmount(new Dec(0), currency),
    refunds: [],
  };
  state.put('conversion', decision.conversionId, conversion);
  bookCommissions(effects, options, conversion, decision, recordedAt, cause, null);
  countTowardTiers(effects, options, decision, conversion.conversionTime, cause, 1);

  const waiting = state.get('awaiting_refunds', decision.conversionId);
  if (waiting) {
    state.delete('awaiting_refunds', decision.conversionId);
    // The ledger learned the clawback when it learned the commission it claws back.
    for (const refund of waiting) applyRefund(effects, conversion, { ...refund, recordedAt });
  }
}

/** Accrues each credit's commission on the conversion (replacing its accruals) under the options' plan. */
export function bookCommissions(
  effects: LedgerEffects,
  options: LedgerOptions,
  conversion: ConversionEntity,
  decision: AttributionDecision,
  recordedAt: string,
  cause: LineCause,
  revision: RevisionTag | null,
): void {
  const { currency, conversionTime } = conversion;
  const payableAt = addDaysIso(conversionTime, options.plan.holdDays);
  conversion.accruals = [];
  for (const credit of decision.credits) {
    const partner = partnerAccount(effects.state, credit.partnerId);
    const tier = tierAt(partner, conversionTime);
    const context = { tier, partnerType: partner.partnerType, conversionType: decision.conversionType };
    const line = commissionForCredit(options.plan, context, credit, currency);
    if (!line) {
      effects.exception(cause, `plan ${options.plan.version} has no rate for ${tier} ${partner.partnerType ?? 'unenrolled'} partner ${credit.partnerId} on a ${decision.conversionType}`);
      continue;
    }
    conversion.accruals.push({ partnerId: credit.partnerId, commission: line.amount, tier, rate: line.rate, payableAt, clawedBack: formatAmount(new Dec(0), currency) });
    if (new Dec(line.amount).isZero()) continue;
    effects.post({
      transactionId: `accrual:${decision.policyVersion}:${decision.conversionId}:${credit.partnerId}`,
      kind: 'accrual',
      partnerId: credit.partnerId,
      currency,
      occurredAt: conversionTime,
      recordedAt,
      payableAt,
      cause,
      conversionId: decision.conversionId,
      policyVersion: decision.policyVersion,
      replacedPolicyVersion: revision?.replacedPolicyVersion ?? null,
      planVersion: options.plan.version,
      tier,
      rate: line.rate,
      description:
        `commission at ${new Dec(line.rate).times(100).toString()}% (${tier})` +
        (line.flat ? ` plus ${line.flat} ${currency} flat × weight ${credit.weight}` : '') +
        ` on ${credit.revenue} ${currency} credited revenue of ${decision.conversionType} ${decision.conversionId}` +
        (revision ? ` under policy ${decision.policyVersion}, adopted in ${revision.adoptionId} in place of ${revision.replacedPolicyVersion}` : ''),
      actor: null,
      postings: [
        posting('program_commission_expense', 'debit', line.amount, currency),
        posting('partner_commission', 'credit', line.amount, currency),
      ],
    });
  }
}

/**
 * Adds (`sign` 1) or removes (`sign` -1, a revision taking credits away) the decision's credits from
 * each partner's tier progress. Promotions are checked on additions only: tiers never go down.
 */
export function countTowardTiers(effects: LedgerEffects, options: LedgerOptions, decision: Pick<AttributionDecision, 'conversionType' | 'credits' | 'amount'>, at: string, cause: LineCause, sign: 1 | -1): void {
  const { currency } = decision.amount;
  for (const credit of decision.credits) {
    const partner = partnerAccount(effects.state, credit.partnerId);
    if (decision.conversionType === 'deal.closed_won') partner.stats.sourcedConversions += sign;
    partner.stats.creditedRevenue[currency] = new Dec(partner.stats.creditedRevenue[currency] ?? '0').plus(new Dec(credit.revenue).times(sign)).toString();
    effects.state.touch('partner', credit.partnerId);
    if (sign === 1) promoteIfReached(effects, options.tierProgram, partner, at, cause);
  }
}
