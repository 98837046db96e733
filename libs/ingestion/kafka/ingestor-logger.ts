/** The structured logger the ingestor writes to: pino's (fields, message) call shape. */
export interface IngestorLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

const ignore = () => undefined;
export const SILENT_LOGGER: IngestorLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
