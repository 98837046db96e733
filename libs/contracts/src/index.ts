export * from './ledger-facts';
