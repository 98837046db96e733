import { catalogued, type RecordedEvent } from '@ledger/contracts';
import type { AttributionState } from './attribution-state';
import type { AttributionOutput } from './decision';
import type { Cause } from '@ledger/contracts';
import { attributeConversion } from './attribute';
import { type AttributionOptions } from './policy-timeline';
import { normalizeDomain } from './account-domain';
import { recordEnrollment, recordStatusChange } from './partners';
import { issueCoupon, redeemCoupon } from './coupons';
import { recordClick } from './clicks';
import { customerDomainAt, identifyCustomer } from './customers';
import { recordReservation } from './reservations';
import { approveDeal, closeLostDeal, registerDeal, rejectDeal } from './deal-registrations';
import { toMillis } from '@ledger/kernel';
import { optionsAt } from './policy-timeline';

const NO_OUTPUT: AttributionOutput[] = [];

/**
 * Folds one recorded event (events must arrive in global order) into the state and returns what the
 * ledger must record: an attribution decision per conversion, an automatic rejection per refused
 * deal registration. Events attribution does not use (refunds, payouts, the ledger's own records...)
 * are ignored. Pure and deterministic: the result depends only on the state, the event and the options.
 */
export function applyEvent(state: AttributionState, recorded: RecordedEvent, adopted: AttributionOptions): AttributionOutput[] {
  const { position } = recorded;
  const event = catalogued(recorded);
  // Each event is judged under the policy in force at its business time.
  const options = adopted.adoptions?.length ? optionsAt(adopted, toMillis(event.time)) : adopted;
  const cause = (): Cause => ({ source: event.source, id: event.id, position });
  switch (event.type) {
    case 'partner.enrolled':
      recordEnrollment(state, event.data, toMillis(event.time));
      return NO_OUTPUT;
    case 'partner.status_changed':
      recordStatusChange(state, event.data, toMillis(event.time), position);
      return NO_OUTPUT;
    case 'coupon.issued':
      issueCoupon(state, event.data, toMillis(event.time), position);
      return NO_OUTPUT;
    case 'coupon.redeemed':
      redeemCoupon(state, event.data, toMillis(event.time), position, event.id);
      return NO_OUTPUT;
    case 'click.recorded':
      recordClick(state, event.data, toMillis(event.time), position, event.id);
      return NO_OUTPUT;
    case 'customer.identified':
      identifyCustomer(state, event.data, toMillis(event.time), position);
      return NO_OUTPUT;
    case 'account.reserved':
      recordReservation(state, event.data, toMillis(event.time), position);
      return NO_OUTPUT;
    case 'deal.registered': {
      const rejection = registerDeal(state, event.data, toMillis(event.time), cause(), options.policy);
      return rejection ? [{ kind: 'registration_rejected', rejection }] : NO_OUTPUT;
    }
    case 'deal.approved':
      approveDeal(state, event.data, toMillis(event.time), options.policy);
      return NO_OUTPUT;
    case 'deal.rejected':
      rejectDeal(state, event.data, toMillis(event.time));
      return NO_OUTPUT;
    case 'deal.closed_lost':
      closeLostDeal(state, event.data, toMillis(event.time));
      return NO_OUTPUT;
    case 'deal.closed_won': {
      const won = event.data;
      const decision = attributeConversion(
        state,
        {
          conversionId: won.conversionId,
          conversionType: 'deal.closed_won',
          customerId: won.customerId,
          accountDomain: normalizeDomain(won.accountDomain),
          amount: won.amount,
          at: toMillis(event.time),
          cause: cause(),
        },
        options,
      );
      return [{ kind: 'decision', decision }];
    }
    case 'invoice.paid': {
      const paid = event.data;
      const at = toMillis(event.time);
      const decision = attributeConversion(
        state,
        {
          conversionId: paid.invoiceId,
          conversionType: 'invoice.paid',
          customerId: paid.customerId,
          // An invoice's account is the one last identified for its customer (by its business time).
          accountDomain: customerDomainAt(state.get('customer', paid.customerId), at),
          amount: paid.amount,
          at,
          cause: cause(),
        },
        options,
      );
      return [{ kind: 'decision', decision }];
    }
    default:
      return NO_OUTPUT;
  }
}
