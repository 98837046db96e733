import { joinPath, keyStep } from './json-path';

describe('JSON paths of errors', () => {
  it.each([
    ['', 'time', 'time'],
    ['data', 'amount', 'data.amount'],
    ['data.amount', 'currency', 'data.amount.currency'],
    ['[2]', 'data.amount', '[2].data.amount'],
    ['[2]', '', '[2]'],
    ['', '', ''],
    ['data.utm', '["utm-source"]', 'data.utm["utm-source"]'],
    ['', '["x-y"]', '["x-y"]'],
  ])('joins %j and %j into %j', (base, relative, expected) => expect(joinPath(base, relative)).toBe(expected));

  it.each([
    ['campaign', 'campaign'],
    ['utm_source', 'utm_source'],
    ['utm-source', '["utm-source"]'],
    ['a.b', '["a.b"]'],
    ['', '[""]'],
    ['say "hi"', '["say \\"hi\\""]'],
    [3, '[3]'],
  ])('writes key %j as %s', (key, step) => expect(keyStep(key)).toBe(step));
});
