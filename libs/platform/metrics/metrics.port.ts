/**
 * Injection token of the counters ingestion reports to. Optional where it is injected: a process
 * without metrics (the CLI) simply has none.
 */
export const INGESTION_METRICS = Symbol('INGESTION_METRICS');

/** What ingestion tells the metrics: the verdict of each upstream event it judged. */
export interface IngestionMetrics {
  countVerdicts(statuses: readonly string[]): void;
}
