import { KeyedStateTable } from '@ledger/platform/projections';
import { REPORT_ROLLUP_TABLES } from './report-rollups';

/**
 * Read model of the reports: one row per booked conversion, one per credit, and the partner
 * profiles and coupon owners the KPIs fold (JSON rows), all written with the checkpoint; their
 * schema is REPORTING_MIGRATIONS.
 */
export const REPORTING_TABLES = ['report_conversions', 'report_credits', 'report_state', ...REPORT_ROLLUP_TABLES];

/** The fold's entities (partner profiles, coupon owners, reported conversions), one JSON row each. */
export const REPORT_STATE_TABLE = new KeyedStateTable('report_state');
