export * from './get-partner-balance.query';
export * from './get-partner-statement.query';
export * from './get-partner-tier.query';
export * from './ledger-tables';
export * from './ledger.projection';
export * from './statement-csv';
export * from './verify-ledger.query';
export * from './payout-availability';
