export * from './tier';
export * from './commission-plan';
export * from './parse-plan';
export * from './rate-rule';
export * from './commission';
export * from './tier-program';
export * from './tier-standing';
