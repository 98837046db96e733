import type { AttributionDecision } from '@ledger/attribution';
import { commissionForCredit } from '@ledger/commission';
import { Dec, formatAmount } from '@ledger/money';
import { applyRefund } from './clawbacks';
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
  const conversionTime = normalizeTime(decision.conversionTime);
  const payableAt = addDaysIso(conversionTime, options.plan.holdDays);
  const conversion: ConversionEntity = {
    conversionId: decision.conversionId,
    conversionType: decision.conversionType,
    currency,
    amount: decision.amount.amount,
    conversionTime,
    policyVersion: decision.policyVersion,
    planVersion: options.plan.version,
    decidedFor: { source: decision.cause.source, id: decision.cause.id },
    accruals: [],
    refunded: formatAmount(new Dec(0), currency),
  };
  state.put('conversion', decision.conversionId, conversion);

  for (const credit of decision.credits) {
    const partner = partnerAccount(state, credit.partnerId);
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
      planVersion: options.plan.version,
      tier,
      rate: line.rate,
      description:
        `commission at ${new Dec(line.rate).times(100).toString()}% (${tier})` +
        (line.flat ? ` plus ${line.flat} ${currency} flat × weight ${credit.weight}` : '') +
        ` on ${credit.revenue} ${currency} credited revenue of ${decision.conversionType} ${decision.conversionId}`,
      actor: null,
      postings: [
        posting('program_commission_expense', 'debit', line.amount, currency),
        posting('partner_commission', 'credit', line.amount, currency),
      ],
    });
  }

  for (const credit of decision.credits) {
    const partner = partnerAccount(state, credit.partnerId);
    if (decision.conversionType === 'deal.closed_won') partner.stats.sourcedConversions += 1;
    partner.stats.creditedRevenue[currency] = new Dec(partner.stats.creditedRevenue[currency] ?? '0').plus(credit.revenue).toString();
    state.touch('partner', credit.partnerId);
    promoteIfReached(effects, options.tierProgram, partner, conversionTime, cause);
  }

  const waiting = state.get('awaiting_refunds', decision.conversionId);
  if (waiting) {
    state.delete('awaiting_refunds', decision.conversionId);
    // The ledger learned the clawback when it learned the commission it claws back.
    for (const refund of waiting) applyRefund(effects, conversion, { ...refund, recordedAt });
  }
}
