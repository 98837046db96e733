export * from './policy';
export * from './decision';
export * from './attribution-state';
export { applyEvent } from './apply-event';
export { replay } from './replay';
export type { AttributionOptions } from './attribute';
export { normalizeDomain } from './account-domain';
export { addUtcMonths } from './time';
export { WEIGHT_DECIMALS } from './weights';
