export * from './ledger-command-errors';
export * from './record-adjustment.command';
export * from './schedule-payout-run.command';
export * from './ledger.module';
