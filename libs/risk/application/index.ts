export * from './adopt-risk-policy.command';
export * from './decide-flag.command';
export * from './open-dispute.command';
export * from './resolve-dispute.command';
export * from './risk-command-errors';
export * from './risk.module';
export * from './risk.reactor';
