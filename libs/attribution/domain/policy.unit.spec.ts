import { DEFAULT_POLICY, parsePolicy } from './policy';

describe('parsePolicy', () => {
  it('accepts the default-v1 document of SPEC §3 as is', () => {
    const document = {
      version: 'default-v1',
      model: 'last_click',
      clickWindowDays: 30,
      protectionDays: 90,
      precedence: ['deal_registration', 'coupon', 'click'],
      positionBased: { first: '0.4', last: '0.4' },
      halfLifeDays: 7,
    };
    expect(parsePolicy(document)).toEqual({ ok: true, policy: DEFAULT_POLICY });
  });

  it('fills missing optional fields from default-v1', () => {
    expect(parsePolicy({ version: 'linear-v2', model: 'linear' })).toEqual({
      ok: true,
      policy: { ...DEFAULT_POLICY, version: 'linear-v2', model: 'linear' },
    });
  });

  it('accepts a partial precedence, fractional half-life and first + last = 1', () => {
    const result = parsePolicy({ version: 'v3', precedence: ['click'], halfLifeDays: 3.5, positionBased: { first: '0.5', last: '0.5' } });
    expect(result.ok && result.policy).toMatchObject({
      precedence: ['click'],
      halfLifeDays: 3.5,
      positionBased: { first: '0.5', last: '0.5' },
    });
  });

  test.each([
    ['not an object', [], '', 'must be a JSON object'],
    ['missing version', { model: 'linear' }, 'version', 'is required'],
    ['empty version', { version: ' ' }, 'version', 'must be a non-empty string'],
    [
      'unknown model',
      { version: 'v', model: 'u_shaped' },
      'model',
      'must be one of last_click, first_click, linear, position_based, time_decay',
    ],
    ['negative window', { version: 'v', clickWindowDays: -1 }, 'clickWindowDays', 'must be a whole number of days from 0 to 3650'],
    ['window of 2^53-1 days', { version: 'v', clickWindowDays: Number.MAX_SAFE_INTEGER }, 'clickWindowDays', 'from 0 to 3650'],
    [
      'protection of 2^53-1 days (adopted, it stopped attribution)',
      { version: 'v', protectionDays: 2 ** 53 - 1 },
      'protectionDays',
      'from 1 to 3650',
    ],
    ['fractional window', { version: 'v', clickWindowDays: 1.5 }, 'clickWindowDays', 'must be a whole number of days'],
    ['window as a string', { version: 'v', clickWindowDays: '30' }, 'clickWindowDays', 'must be a whole number of days'],
    ['zero protection', { version: 'v', protectionDays: 0 }, 'protectionDays', 'from 1 to 3650'],
    ['precedence not an array', { version: 'v', precedence: 'click' }, 'precedence', 'must be an array'],
    [
      'unknown channel',
      { version: 'v', precedence: ['click', 'email'] },
      'precedence[1]',
      'must be one of deal_registration, coupon, click',
    ],
    ['duplicate channel', { version: 'v', precedence: ['click', 'coupon', 'click'] }, 'precedence[2]', '"click" is listed twice'],
    [
      'share as a JSON number',
      { version: 'v', positionBased: { first: 0.4, last: '0.4' } },
      'positionBased.first',
      'must be a decimal string such as "0.4", not a JSON number',
    ],
    ['share missing', { version: 'v', positionBased: { first: '0.4' } }, 'positionBased.last', 'is required'],
    ['share above 1', { version: 'v', positionBased: { first: '1.5', last: '0' } }, 'positionBased.first', 'must be between 0 and 1'],
    [
      'share with exponent',
      { version: 'v', positionBased: { first: '4e-1', last: '0.4' } },
      'positionBased.first',
      'must be a decimal string',
    ],
    [
      'shares above 1 together',
      { version: 'v', positionBased: { first: '0.6', last: '0.5' } },
      'positionBased',
      'first + last must be at most 1 (got 1.1)',
    ],
    [
      'unknown share field',
      { version: 'v', positionBased: { first: '0.4', last: '0.4', middle: '0.2' } },
      'positionBased.middle',
      'is not a positionBased field',
    ],
    ['zero half-life', { version: 'v', halfLifeDays: 0 }, 'halfLifeDays', 'must be a number of days greater than 0'],
    ['unknown field', { version: 'v', clickWindow: 7 }, 'clickWindow', 'is not a policy field'],
  ])('rejects %s', (_case, document, path, message) => {
    const result = parsePolicy(document);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toContainEqual({ path, message: expect.stringContaining(message) });
  });

  it('reports every problem at once', () => {
    const result = parsePolicy({ model: 'x', halfLifeDays: -1 });
    expect(!result.ok && result.errors.map((error) => error.path)).toEqual(['version', 'model', 'halfLifeDays']);
  });
});
