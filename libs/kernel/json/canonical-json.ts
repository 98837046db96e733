/**
 * JSON with every object's keys sorted (recursively) and no whitespace, so two events with the
 * same content give the same text whatever order upstream wrote the keys in. Used to tell a
 * resent `(source, id)` with the same content (duplicate) from one with different content (conflict).
 * Keys sort by UTF-16 code units (JavaScript's default sort); values follow JSON.stringify
 * (undefined members are left out, numbers in shortest form, so 1.0 and 1 are the same).
 */
export function canonicalJson(value: unknown): string {
  const text = serialize(value);
  if (text === undefined) throw new TypeError(`${typeof value} has no JSON representation`);
  return text;
}

function serialize(value: unknown): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'bigint') throw new TypeError('a bigint has no JSON representation');
  if (typeof value !== 'object') return undefined; // undefined, functions, symbols: skipped like JSON.stringify does
  const json = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') return serialize(json.call(value));
  if (Array.isArray(value)) return `[${value.map((item) => serialize(item) ?? 'null').join(',')}]`;
  const members = Object.keys(value)
    .sort()
    .flatMap((key) => {
      const member = serialize((value as Record<string, unknown>)[key]);
      return member === undefined ? [] : [`${JSON.stringify(key)}:${member}`];
    });
  return `{${members.join(',')}}`;
}
