import { KeyedStateTable } from '@ledger/platform/projections';

/**
 * Read model of the attribution projection: the touch state the pure engine folds (one JSON row
 * per entity), the decisions in force (a revision replaces its conversion's row) and the adopted
 * policies. All are written in the transaction that moves the projection's checkpoint; their
 * schema is ATTRIBUTION_MIGRATIONS.
 */
export const ATTRIBUTION_TABLES = ['attribution_touch_state', 'attribution_decisions', 'attribution_policies', 'attribution_deals'];

/** The engine's touch state, one JSON row per entity: the reactor's resume state, read by nothing else. */
export const TOUCH_STATE_TABLE = new KeyedStateTable('attribution_touch_state');
