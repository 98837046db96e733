/** Injection token of the validated IngestorConfig. */
export const INGESTOR_CONFIG = Symbol('INGESTOR_CONFIG');
