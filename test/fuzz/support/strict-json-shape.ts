/**
 * What the strict JSON reader refuses in a value that JSON.stringify can still write: nesting over
 * 64 levels and strings or keys with an unpaired surrogate (written as a "\ud800" escape). The
 * fuzz suites use it to know when a body must be refused as a whole rather than judged field by field.
 */
export function strictJsonProblem(value: unknown): 'depth' | 'surrogate' | undefined {
  let surrogate = false;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current === 'string') {
      if (hasUnpairedSurrogate(current)) surrogate = true;
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > 64) return 'depth';
    for (const [key, item] of Object.entries(current)) {
      if (!Array.isArray(current) && hasUnpairedSurrogate(key)) surrogate = true;
      stack.push([item, depth + 1]);
    }
  }
  return surrogate ? 'surrogate' : undefined;
}

function hasUnpairedSurrogate(text: string): boolean {
  return /[\uD800-\uDFFF]/u.test(text);
}
