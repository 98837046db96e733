export * from './apply-risk-event';
export * from './assess-commission';
export * from './flag-id';
export * from './risk-policy';
export * from './risk-signal';
export * from './risk-state';
export * from './risk-entity-refs';
export * from './risk-policy-request';
