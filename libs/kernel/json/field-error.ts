export interface FieldError {
  /** JSON path of the offending field, e.g. "data.amount.currency" or "[2].time". */
  path: string;
  message: string;
}
