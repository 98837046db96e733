import {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSSASLAuthenticationError,
} from 'kafkajs';
import { DatabaseUnavailableError } from '@ledger/platform/sql';
import { isFatalConsumerFailure } from './consumer-failures';

/** What kafkajs's retrier throws when it gives up on a non-retriable error: the original under `cause`. */
const gaveUp = (error: Error) => Object.assign(new KafkaJSNonRetriableError(error), { cause: error });
const protocol = (type: string, retriable: boolean) =>
  new KafkaJSProtocolError(Object.assign(new Error(type), { type, code: 0, retriable }));

describe('isFatalConsumerFailure', () => {
  it('rides out what a broker restart or a database outage looks like', () => {
    const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
    expect(isFatalConsumerFailure(refused)).toBe(false);
    expect(isFatalConsumerFailure(new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 5, retryTime: 5000 }))).toBe(false);
    expect(isFatalConsumerFailure(gaveUp(protocol('COORDINATOR_NOT_AVAILABLE', true)))).toBe(false);
    expect(isFatalConsumerFailure(new DatabaseUnavailableError('connect ECONNREFUSED 127.0.0.1:5432'))).toBe(false);
  });

  it('stops on wrong credentials or rights and on bugs, however deep they are wrapped', () => {
    expect(
      isFatalConsumerFailure(
        new (KafkaJSSASLAuthenticationError as unknown as new (message: string) => Error)('SASL PLAIN authentication failed'),
      ),
    ).toBe(true);
    expect(isFatalConsumerFailure(gaveUp(protocol('GROUP_AUTHORIZATION_FAILED', false)))).toBe(true);
    expect(isFatalConsumerFailure(gaveUp(new TypeError("Cannot read properties of undefined (reading 'offset')")))).toBe(true);
  });
});
