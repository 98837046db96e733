const UNSUPPORTED = Symbol('unsupported');

/**
 * JSON.parse(JSON.stringify(value)) for plain JSON data, without the text in between (that round
 * trip cost as much as validating the event): strings, booleans, finite numbers (-0 becomes 0),
 * null, arrays and plain objects are copied; keys whose value JSON drops (undefined, functions) are
 * left out. Anything else (a class instance, a Date, a boxed primitive, a toJSON method) takes the
 * round trip itself, so the result is always what the round trip gives.
 */
export function copyAcceptedJson(value: unknown): unknown {
  const copied = copy(value);
  return copied === UNSUPPORTED ? JSON.parse(JSON.stringify(value)) : copied;
}

function copy(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? (value === 0 ? 0 : value) : null;
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'object':
      if (value === null) return null;
      return Array.isArray(value) ? copyArray(value) : copyObject(value);
    default:
      return UNSUPPORTED;
  }
}

function copyArray(items: unknown[]): unknown {
  if (Object.getPrototypeOf(items) !== Array.prototype) return UNSUPPORTED;
  const copied: unknown[] = new Array(items.length);
  for (let index = 0; index < items.length; index++) {
    const item = copy(items[index]);
    if (item === UNSUPPORTED) return UNSUPPORTED;
    copied[index] = item === undefined ? null : item;
  }
  return copied;
}

function copyObject(object: object): unknown {
  if (Object.getPrototypeOf(object) !== Object.prototype || typeof (object as { toJSON?: unknown }).toJSON === 'function')
    return UNSUPPORTED;
  const copied: Record<string, unknown> = {};
  for (const key of Object.keys(object)) {
    const item = copy((object as Record<string, unknown>)[key]);
    if (item === UNSUPPORTED) return UNSUPPORTED;
    if (item === undefined) continue;
    // JSON.parse makes "__proto__" an own key; an assignment would set the prototype instead.
    if (key === '__proto__') Object.defineProperty(copied, key, { value: item, writable: true, enumerable: true, configurable: true });
    else copied[key] = item;
  }
  return copied;
}
