import { DEAD_LETTER_HEADERS, deadLetterMessage } from './dead-letter';

describe('deadLetterMessage', () => {
  it('keeps the original key, bytes and headers and adds the errors and the origin', () => {
    const value = Buffer.from('{"not": "an event"}');
    const letter = deadLetterMessage(
      {
        topic: 'crm.events',
        partition: 2,
        offset: '41',
        key: Buffer.from('k'),
        value,
        headers: { traceparent: 'tp' },
        timestamp: '1767225600000',
      },
      'rejected',
      [{ path: 'specversion', message: 'is required' }],
      'ledger',
    );
    expect(letter.key).toEqual(Buffer.from('k'));
    expect(letter.value).toBe(value);
    expect(letter.headers).toEqual({
      traceparent: 'tp',
      [DEAD_LETTER_HEADERS.errors]: '[{"path":"specversion","message":"is required"}]',
      [DEAD_LETTER_HEADERS.status]: 'rejected',
      [DEAD_LETTER_HEADERS.topic]: 'crm.events',
      [DEAD_LETTER_HEADERS.partition]: '2',
      [DEAD_LETTER_HEADERS.offset]: '41',
      [DEAD_LETTER_HEADERS.timestamp]: '1767225600000',
      [DEAD_LETTER_HEADERS.group]: 'ledger',
    });
  });
});
