import { KeyedStateTable } from '@ledger/platform/projections';

/**
 * Read model of the risk reactor: its screening state (one JSON row per entity), the flags with
 * finance's decisions, the adopted risk policies and the disputes. All are written in the
 * transaction that moves the reactor's checkpoint; their schema is RISK_MIGRATIONS.
 */
export const RISK_TABLES = ['risk_state', 'risk_flags', 'risk_policies', 'risk_disputes'];

/** The screening fold's state: the reactor's resume state, read by nothing else. */
export const RISK_STATE_TABLE = new KeyedStateTable('risk_state');
