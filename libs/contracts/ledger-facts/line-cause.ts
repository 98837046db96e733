/** The stored event whose processing created a transaction. */
export interface LineCause {
  type: string;
  source: string;
  id: string;
  position: number;
}
