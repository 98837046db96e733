/**
 * The chart of accounts, per currency. Partner accounts exist once per partner (the line's
 * `partnerId` says whose); program accounts are the company's side of every transaction.
 *
 * - partner_commission: liability, what the program owes the partner (pending + payable).
 * - partner_commission_held: liability, commission the program owes the partner but holds on a risk
 *   flag (SPEC §9): counted in `held`, never paid until released.
 * - partner_payouts_in_transit: liability, payouts scheduled but not yet confirmed by the provider.
 * - program_commission_expense: expense of commissions earned, reduced by clawbacks.
 * - program_adjustments: expense (or income) of manual adjustments.
 * - program_cash: money that left the company through confirmed payouts.
 */
export const ACCOUNTS = [
  'partner_commission',
  'partner_payouts_in_transit',
  'program_commission_expense',
  'program_adjustments',
  'program_cash',
  'partner_commission_held',
] as const;
export type Account = (typeof ACCOUNTS)[number];
