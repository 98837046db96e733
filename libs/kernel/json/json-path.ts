/**
 * Paths in error reports are JSON paths as a reader would write them: "data.amount.currency",
 * "[2].time", and `data.utm["utm-source"]` for keys that are not plain identifiers.
 */
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** One step of a path for an object key (or an array index). */
export function keyStep(key: string | number): string {
  if (typeof key === 'number') return `[${key}]`;
  return IDENTIFIER.test(key) ? key : `[${JSON.stringify(key)}]`;
}

/** Appends a relative path to a base path; an empty relative path means the base itself. */
export function joinPath(base: string, relative: string): string {
  if (relative === '') return base;
  if (base === '' || relative.startsWith('[')) return base + relative;
  return `${base}.${relative}`;
}
