import type { MoneyJson } from '@ledger/kernel';
import type { PartnerStatus, PartnerType } from './event-types';

/** `data` payloads of the upstream event types, after validation. Money stays a decimal string. */
export interface PartnerEnrolledData {
  partnerId: string;
  name: string;
  partnerType: PartnerType;
  /** The partner's own website (SPEC §9 self-referral). */
  websiteDomain?: string;
}
export interface PartnerCertifiedData {
  partnerId: string;
  certification: string;
}
export interface PartnerStatusChangedData {
  partnerId: string;
  status: PartnerStatus;
}
export interface CouponIssuedData {
  code: string;
  partnerId: string;
}
export interface ClickRecordedData {
  partnerId: string;
  visitorId: string;
  linkId?: string;
  landingUrl?: string;
  utm?: Record<string, string>;
}
export interface CustomerIdentifiedData {
  customerId: string;
  visitorId?: string;
  accountDomain?: string;
}
export interface CouponRedeemedData {
  code: string;
  customerId: string;
}
export interface AccountReservedData {
  accountDomain: string;
  until?: string;
}
export interface DealRegisteredData {
  dealId: string;
  partnerId: string;
  accountDomain: string;
  estimatedValue?: MoneyJson;
}
export interface DealApprovedData {
  dealId: string;
  protectionDays?: number;
}
export interface DealRejectedData {
  dealId: string;
  reason: string;
}
/** The registered opportunity was lost: its protection ends. */
export interface DealClosedLostData {
  dealId: string;
  reason?: string;
}
export interface DealClosedWonData {
  conversionId: string;
  customerId: string;
  accountDomain: string;
  amount: MoneyJson;
  dealId?: string;
}
export interface InvoicePaidData {
  invoiceId: string;
  customerId: string;
  amount: MoneyJson;
}
export interface InvoiceRefundedData {
  invoiceId?: string;
  conversionId?: string;
  amount: MoneyJson;
}
export interface PayoutResultData {
  payoutId: string;
  reason?: string;
}

export interface EventDataByType {
  'partner.enrolled': PartnerEnrolledData;
  'partner.certified': PartnerCertifiedData;
  'partner.status_changed': PartnerStatusChangedData;
  'coupon.issued': CouponIssuedData;
  'click.recorded': ClickRecordedData;
  'customer.identified': CustomerIdentifiedData;
  'coupon.redeemed': CouponRedeemedData;
  'account.reserved': AccountReservedData;
  'deal.registered': DealRegisteredData;
  'deal.approved': DealApprovedData;
  'deal.rejected': DealRejectedData;
  'deal.closed_lost': DealClosedLostData;
  'deal.closed_won': DealClosedWonData;
  'invoice.paid': InvoicePaidData;
  'invoice.refunded': InvoiceRefundedData;
  'payout.paid': PayoutResultData;
  'payout.failed': PayoutResultData;
}
