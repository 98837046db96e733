export * from './live-projections';
export * from './ledger-product.module';
