import { describeCommandFuzz } from './support/command-fuzz';

/**
 * The recording endpoints (support/command-fuzz.ts says what every case checks), on one app, in
 * this order: retractions need the adoptions made before them, and payout runs go before the
 * adjustments, whose amounts of up to 15 integer digits each add up to balances a payout run
 * cannot record (the ledger-fact contract holds a payout's amount to 15 integer digits, like an
 * amount sent in; left to that contract's owners).
 */
describeCommandFuzz('recording endpoints', {
  'payout-runs': 900,
  adoptions: 900,
  retractions: 900,
  simulations: 900,
  adjustments: 900,
});
