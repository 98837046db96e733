export * from './adopt-policy.command';
export * from './attribution.reactor';
export * from './recorded-facts';
export * from './retract-policy.command';
export * from './attribution.module';
export * from './register-deal.command';
