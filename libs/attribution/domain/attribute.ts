import type { AttributionOptions } from './policy-timeline';
import { Dec, formatAmount, Rational, type MoneyJson } from '@ledger/kernel';
import type { AttributionState, CustomerEntity, ReusableCredit } from './attribution-state';
import type { AttributionDecision, Candidate, Cause, ConversionType, DecisionBasis } from '@ledger/contracts';
import { CHANNELS, type AttributionPolicy, type Channel } from '@ledger/contracts';
import { byTimeThenPosition, type Touch } from './touch';
import { registrationTouches, protectionEnd } from './deal-registrations';
import { couponTouches } from './coupons';
import { clickTouches } from './clicks';
import { weighClicks } from './click-models';
import { customerEntity } from './customers';
import { partnerStandingAt } from './partners';
import { describeReservation, reservationAt } from './reservations';
import { splitRevenue } from './money-split';
import { exactShares, roundWeights } from './weights';
import { addUtcMonths, toIso, toIsoDate } from '@ledger/kernel';

export interface Conversion {
  conversionId: string;
  conversionType: ConversionType;
  customerId: string;
  /** Normalised; null when an invoice's customer was never identified with a domain. */
  accountDomain: string | null;
  amount: MoneyJson;
  at: number;
  cause: Cause;
}

/** What one attribution path found, before it becomes a decision. */
interface Outcome {
  basis: DecisionBasis;
  recurringOf?: string;
  /** Display weights (10 decimals, summing to 1). */
  weights: Map<string, Dec>;
  /** Exact shares behind the weights: they split the revenue and are kept for recurring invoices. */
  shares: Map<string, Rational>;
  candidates: Candidate[];
  /** Per credited partner, the touch that earned the credit (reused by later recurring invoices). */
  reusable: ReusableCredit[];
}

const CHANNEL_LABELS: Record<Channel, string> = { deal_registration: 'deal registrations', coupon: 'coupons', click: 'clicks' };

/**
 * Attributes one conversion from the state (which holds only history before it in global order) and
 * records it on the customer. Every deal.closed_won, and an invoice.paid of a customer without an
 * earlier conversion (by business time), is attributed afresh; other invoices reuse the credits of the
 * customer's first credited conversion within the recurring window.
 */
export function attributeConversion(state: AttributionState, conversion: Conversion, options: AttributionOptions): AttributionDecision {
  const customer = state.get('customer', conversion.customerId);
  const fresh =
    conversion.conversionType === 'deal.closed_won' ||
    !customer ||
    customer.firstConversionAt === null ||
    customer.firstConversionAt > conversion.at;
  const outcome = fresh
    ? attributeFresh(state, customer, conversion, options.policy)
    : attributeRecurring(state, customer as CustomerEntity, conversion, options);
  const credits = splitRevenue(conversion.amount, outcome.weights, outcome.shares);

  const updated = customerEntity(state, conversion.customerId);
  if (updated.firstConversionAt === null || conversion.at < updated.firstConversionAt) updated.firstConversionAt = conversion.at;
  if (updated.firstCredited === null && credits.length > 0) {
    updated.firstCredited = {
      conversionId: conversion.conversionId,
      at: conversion.at,
      credits: credits.map((credit) => ({
        ...(outcome.reusable.find((r) => r.partnerId === credit.partnerId) as ReusableCredit),
        weight: credit.weight,
        share: (outcome.shares.get(credit.partnerId) as Rational).toString(),
      })),
    };
  }
  state.touch('customer', conversion.customerId);

  return {
    conversionId: conversion.conversionId,
    conversionType: conversion.conversionType,
    customerId: conversion.customerId,
    accountDomain: conversion.accountDomain,
    // "100" USD is written "100.00", like the revenues.
    amount: { amount: formatAmount(new Dec(conversion.amount.amount), conversion.amount.currency), currency: conversion.amount.currency },
    conversionTime: toIso(conversion.at),
    cause: conversion.cause,
    basis: outcome.basis,
    ...(outcome.recurringOf !== undefined ? { recurringOf: outcome.recurringOf } : {}),
    policyVersion: options.policy.version,
    credits,
    candidates: outcome.candidates,
  };
}

/**
 * Fresh attribution: channels are tried in the policy's precedence order and the first with a
 * qualifying touch takes the whole credit. Touches of the other channels are still listed, with why
 * they lost or were skipped. A reserved account credits nobody.
 */
function attributeFresh(
  state: AttributionState,
  customer: CustomerEntity | undefined,
  conversion: Conversion,
  policy: AttributionPolicy,
): Outcome {
  const { at, accountDomain } = conversion;
  const touches: Record<Channel, Touch[]> = {
    deal_registration: registrationTouches(state, accountDomain, at, policy),
    coupon: couponTouches(state, customer, at),
    click: clickTouches(state, customer, at, policy),
  };
  const reservation = reservationAt(state, accountDomain, at);
  const reservedReason = reservation && `${describeReservation(accountDomain as string, reservation)}; no partner is credited`;
  const channelOrder = [...policy.precedence, ...CHANNELS.filter((channel) => !policy.precedence.includes(channel))];

  const candidates: Candidate[] = [];
  let weights = new Map<string, Dec>();
  let shares = new Map<string, Rational>();
  const won: Touch[] = [];
  let winnerDescription: string | null = null;

  for (const channel of channelOrder) {
    const list = touches[channel].sort(byTimeThenPosition);
    const ranked = policy.precedence.indexOf(channel);
    if (ranked < 0) {
      for (const touch of list)
        candidates.push(candidate(touch, 'skipped', `${CHANNEL_LABELS[channel]} are not in the precedence of policy ${policy.version}`));
      continue;
    }
    const qualifying = list.filter((touch) => touch.skipReason === null);
    let outcomes = new Map<Touch, Candidate>();
    if (winnerDescription !== null) {
      for (const touch of qualifying) outcomes.set(touch, candidate(touch, 'lost', `outranked by ${winnerDescription}`));
    } else if (reservedReason) {
      for (const touch of qualifying) outcomes.set(touch, candidate(touch, 'lost', reservedReason));
    } else if (qualifying.length > 0) {
      const outranks = policy.precedence.slice(ranked + 1).map((lower) => CHANNEL_LABELS[lower]);
      const resolved = resolveChannel(state, channel, qualifying, at, policy, outranks);
      shares = exactShares(resolved.scores);
      weights = roundWeights(shares);
      outcomes = resolved.outcomes;
      winnerDescription = resolved.description;
      for (const [touch, result] of outcomes) {
        if (result.outcome !== 'won') continue;
        if (weights.has(touch.partnerId as string)) won.push(touch);
        else outcomes.set(touch, candidate(touch, 'lost', `partner ${touch.partnerId}'s weight rounds to 0`));
      }
    }
    for (const touch of list) candidates.push(outcomes.get(touch) ?? candidate(touch, 'skipped', touch.skipReason as string));
  }

  const reusable: ReusableCredit[] = [];
  for (const touch of won.sort(byTimeThenPosition)) {
    const entry = {
      partnerId: touch.partnerId as string,
      weight: '',
      share: '',
      channel: touch.channel,
      reference: touch.reference,
      time: toIso(touch.at),
    };
    const index = reusable.findIndex((r) => r.partnerId === entry.partnerId);
    if (index >= 0)
      reusable[index] = entry; // keep the partner's latest winning touch
    else reusable.push(entry);
  }
  return { basis: 'fresh', weights, shares, candidates, reusable };
}

interface Resolution {
  scores: Map<string, Rational>;
  outcomes: Map<Touch, Candidate>;
  /** How the winner is named in the reasons of touches it outranks. */
  description: string;
}

/** Applies the winning channel's own rule to its qualifying touches (sorted by time, then position). */
function resolveChannel(
  state: AttributionState,
  channel: Channel,
  qualifying: Touch[],
  at: number,
  policy: AttributionPolicy,
  outranks: string[],
): Resolution {
  const outranking = outranks.length > 0 ? ` outranks ${outranks.join(' and ')}` : ' wins';
  const outcomes = new Map<Touch, Candidate>();
  if (channel === 'deal_registration') {
    // The first registration in global order holds the account.
    const holder = qualifying.reduce((first, touch) => (touch.position < first.position ? touch : first));
    const deal = state.get('deal', holder.reference);
    const until = deal ? toIsoDate(protectionEnd(deal)) : '?';
    for (const touch of qualifying) {
      outcomes.set(
        touch,
        touch === holder
          ? candidate(touch, 'won', `approved registration ${touch.reference} protected until ${until}${outranking}`)
          : candidate(touch, 'lost', `outranked by earlier registration ${holder.reference} of partner ${holder.partnerId}`),
      );
    }
    return { scores: single(holder), outcomes, description: `deal registration ${holder.reference} of partner ${holder.partnerId}` };
  }
  if (channel === 'coupon') {
    const latest = qualifying[qualifying.length - 1];
    for (const touch of qualifying) {
      outcomes.set(
        touch,
        touch === latest
          ? candidate(touch, 'won', `most recent redemption of a coupon of an active partner${outranking}`)
          : candidate(touch, 'lost', `a more recent redemption (coupon ${latest.reference} on ${toIso(latest.at)}) wins`),
      );
    }
    return { scores: single(latest), outcomes, description: `coupon ${latest.reference} of partner ${latest.partnerId}` };
  }
  const model = weighClicks(qualifying, at, policy);
  qualifying.forEach((touch, index) => {
    const lost = model.lostReasons[index];
    outcomes.set(touch, lost === null ? candidate(touch, 'won', model.wonReasons[index]) : candidate(touch, 'lost', lost));
  });
  return { scores: model.scores, outcomes, description: `clicks credited under ${policy.model}` };
}

function single(touch: Touch): Map<string, Rational> {
  return new Map([[touch.partnerId as string, Rational.ONE]]);
}

/**
 * Recurring invoices reuse the first credited conversion's weights while its window lasts: from that
 * conversion's business time (included) to `recurringMonths` calendar months later (excluded).
 * Partners no longer active are dropped and the others rescaled to sum to 1.
 */
function attributeRecurring(
  state: AttributionState,
  customer: CustomerEntity,
  conversion: Conversion,
  options: AttributionOptions,
): Outcome {
  const first = customer.firstCredited;
  const none: Outcome = { basis: 'none', weights: new Map(), shares: new Map(), candidates: [], reusable: [] };
  if (first === null) return none;
  const toCandidate = (credit: ReusableCredit, outcome: Candidate['outcome'], reason: string): Candidate => ({
    partnerId: credit.partnerId,
    channel: credit.channel,
    reference: credit.reference,
    time: credit.time,
    outcome,
    reason,
  });

  const { at } = conversion;
  const end = addUtcMonths(first.at, options.recurringMonths);
  if (at < first.at || at >= end) {
    const reason =
      at < first.at
        ? `the invoice precedes conversion ${first.conversionId}, the customer's first credited conversion`
        : `the ${options.recurringMonths}-month recurring window of conversion ${first.conversionId} ended at ${toIso(end)}`;
    return { ...none, candidates: first.credits.map((credit) => toCandidate(credit, 'skipped', reason)) };
  }

  const reservation = reservationAt(state, conversion.accountDomain, at);
  const kept: ReusableCredit[] = [];
  const candidates: Candidate[] = [];
  for (const credit of first.credits) {
    const standing = partnerStandingAt(state, credit.partnerId, at);
    if (!standing.eligible) {
      candidates.push(toCandidate(credit, 'skipped', `${standing.reason}; its share goes to the other partners`));
    } else if (reservation) {
      candidates.push(
        toCandidate(credit, 'lost', `${describeReservation(conversion.accountDomain as string, reservation)}; no partner is credited`),
      );
    } else {
      kept.push(credit);
      candidates.push(
        toCandidate(
          credit,
          'won',
          `reuses the credit of conversion ${first.conversionId} (recurring window until ${toIsoDate(end)}, excluded)`,
        ),
      );
    }
  }
  // Nobody dropped: the recorded weights and shares verbatim. Otherwise the exact shares of those left,
  // rescaled exactly, and their weights rounded again.
  const keptShares = new Map(kept.map((credit) => [credit.partnerId, Rational.parse(credit.share)]));
  const everyone = kept.length === first.credits.length;
  const shares = everyone ? keptShares : exactShares(keptShares);
  const weights = everyone ? new Map(kept.map((credit) => [credit.partnerId, new Dec(credit.weight)])) : roundWeights(shares);
  return { basis: 'recurring', recurringOf: first.conversionId, weights, shares, candidates, reusable: kept };
}

function candidate(touch: Touch, outcome: Candidate['outcome'], reason: string): Candidate {
  return { partnerId: touch.partnerId, channel: touch.channel, reference: touch.reference, time: toIso(touch.at), outcome, reason };
}
