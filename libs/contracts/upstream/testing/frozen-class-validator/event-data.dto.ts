/* FROZEN for the differential test: see field-rules.ts of this folder. */
import type { MoneyJson } from '@ledger/kernel';
import type {
  AccountReservedData,
  ClickRecordedData,
  CouponIssuedData,
  CouponRedeemedData,
  CustomerIdentifiedData,
  DealApprovedData,
  DealClosedWonData,
  DealRegisteredData,
  DealRejectedData,
  DealClosedLostData,
  InvoicePaidData,
  InvoiceRefundedData,
  PartnerCertifiedData,
  PartnerEnrolledData,
  PartnerStatusChangedData,
  PayoutResultData,
} from '../../event-data';
import { PARTNER_STATUSES, PARTNER_TYPES, type PartnerStatus, type PartnerType, type UpstreamEventType } from '../../event-types';
import {
  DateTime,
  Days,
  DomainName,
  HttpUrl,
  MAX_PROTECTION_DAYS,
  Money,
  OneOf,
  Optional,
  Required,
  StringMap,
  Text,
  type NestedProblem,
} from './field-rules';

/**
 * The `data` of every upstream event type of SPEC §2, one DTO each. The declared fields are the
 * only allowed ones (validate-cloud-event.ts rejects the others). Each DTO implements the matching
 * interface of event-data.ts so the two cannot drift apart.
 */

/** Free text written by people (rejection reasons, failure reasons) gets more room than identifiers. */
export const MAX_REASON_LENGTH = 2000;

export class PartnerEnrolledDataDto implements PartnerEnrolledData {
  @Required() @Text() partnerId: string;
  @Required() @Text() name: string;
  @Required() @OneOf(PARTNER_TYPES) partnerType: PartnerType;
  /** The partner's own website: a conversion on this domain is a self-referral (SPEC §9). */
  @Optional() @DomainName() websiteDomain?: string;
}

export class PartnerCertifiedDataDto implements PartnerCertifiedData {
  @Required() @Text() partnerId: string;
  @Required() @Text() certification: string;
}

export class PartnerStatusChangedDataDto implements PartnerStatusChangedData {
  @Required() @Text() partnerId: string;
  @Required() @OneOf(PARTNER_STATUSES) status: PartnerStatus;
}

export class CouponIssuedDataDto implements CouponIssuedData {
  @Required() @Text() code: string;
  @Required() @Text() partnerId: string;
}

export class ClickRecordedDataDto implements ClickRecordedData {
  @Required() @Text() partnerId: string;
  @Required() @Text() visitorId: string;
  @Optional() @Text() linkId?: string;
  @Optional() @HttpUrl() landingUrl?: string;
  @Optional() @StringMap() utm?: Record<string, string>;
}

export class CustomerIdentifiedDataDto implements CustomerIdentifiedData {
  @Required() @Text() customerId: string;
  @Optional() @Text() visitorId?: string;
  @Optional() @DomainName() accountDomain?: string;
}

export class CouponRedeemedDataDto implements CouponRedeemedData {
  @Required() @Text() code: string;
  @Required() @Text() customerId: string;
}

export class AccountReservedDataDto implements AccountReservedData {
  @Required() @DomainName() accountDomain: string;
  @Optional() @DateTime() until?: string;
}

export class DealRegisteredDataDto implements DealRegisteredData {
  @Required() @Text() dealId: string;
  @Required() @Text() partnerId: string;
  @Required() @DomainName() accountDomain: string;
  /** An estimate may honestly be zero ("unknown yet"), never negative. */
  @Optional() @Money({ allowZero: true }) estimatedValue?: MoneyJson;
}

export class DealApprovedDataDto implements DealApprovedData {
  @Required() @Text() dealId: string;
  @Optional() @Days(MAX_PROTECTION_DAYS) protectionDays?: number;
}

export class DealRejectedDataDto implements DealRejectedData {
  @Required() @Text() dealId: string;
  @Required() @Text(MAX_REASON_LENGTH) reason: string;
}

export class DealClosedLostDataDto implements DealClosedLostData {
  @Required() @Text() dealId: string;
  @Optional() @Text(MAX_REASON_LENGTH) reason?: string;
}

export class DealClosedWonDataDto implements DealClosedWonData {
  @Required() @Text() conversionId: string;
  @Required() @Text() customerId: string;
  @Required() @DomainName() accountDomain: string;
  /** A conversion of nothing is not a conversion. */
  @Required() @Money({ allowZero: false }) amount: MoneyJson;
  @Optional() @Text() dealId?: string;
}

export class InvoicePaidDataDto implements InvoicePaidData {
  @Required() @Text() invoiceId: string;
  @Required() @Text() customerId: string;
  @Required() @Money({ allowZero: false }) amount: MoneyJson;
}

export class InvoiceRefundedDataDto implements InvoiceRefundedData {
  @Optional() @Text() invoiceId?: string;
  @Optional() @Text() conversionId?: string;
  /** The refunded amount, positive; the clawback is computed from it. */
  @Required() @Money({ allowZero: false }) amount: MoneyJson;

  /** A refund points at exactly one thing: the paid invoice or the conversion it refunds. */
  static crossFieldProblems(data: Record<string, unknown>): NestedProblem[] {
    const given = ['invoiceId', 'conversionId'].filter((field) => data[field] !== undefined);
    if (given.length === 1) return [];
    const which = given.length === 0 ? 'neither is present' : 'both are present';
    return [{ path: '', message: `must have exactly one of "invoiceId" or "conversionId"; ${which}` }];
  }
}

export class PayoutResultDataDto implements PayoutResultData {
  @Required() @Text() payoutId: string;
  @Optional() @Text(MAX_REASON_LENGTH) reason?: string;
}

/** What a data DTO class offers: the class itself, and optionally rules that span several fields. */
export interface DataDtoClass {
  new (): object;
  crossFieldProblems?(data: Record<string, unknown>): NestedProblem[];
}

export const DATA_DTO_BY_TYPE: Readonly<Record<UpstreamEventType, DataDtoClass>> = {
  'partner.enrolled': PartnerEnrolledDataDto,
  'partner.certified': PartnerCertifiedDataDto,
  'partner.status_changed': PartnerStatusChangedDataDto,
  'coupon.issued': CouponIssuedDataDto,
  'click.recorded': ClickRecordedDataDto,
  'customer.identified': CustomerIdentifiedDataDto,
  'coupon.redeemed': CouponRedeemedDataDto,
  'account.reserved': AccountReservedDataDto,
  'deal.registered': DealRegisteredDataDto,
  'deal.approved': DealApprovedDataDto,
  'deal.rejected': DealRejectedDataDto,
  'deal.closed_lost': DealClosedLostDataDto,
  'deal.closed_won': DealClosedWonDataDto,
  'invoice.paid': InvoicePaidDataDto,
  'invoice.refunded': InvoiceRefundedDataDto,
  'payout.paid': PayoutResultDataDto,
  'payout.failed': PayoutResultDataDto,
};
