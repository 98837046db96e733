import {
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  NotLeaderError,
  UnavailableError,
  type WrongExpectedVersionError,
} from '@eventstore/db-client';
import { WrongExpectedRevisionError } from '../errors';

/**
 * EventStoreDB could not be reached, refused the configuration or did not answer in time. These are
 * operating conditions, not bugs: start-up prints the message alone, because a stack trace would
 * only bury the reason.
 */
export class EventStoreUnavailableError extends Error {
  // No `cause`: Node prints a cause with its whole stack, which is what this error avoids.
  constructor(message: string) {
    super(message);
    this.name = 'EventStoreUnavailableError';
    this.stack = `${this.name}: ${message}`;
  }
}

/** The connection string is not usable: names the variable (or command-line option) and the reason. */
export class EventStoreConfigError extends Error {
  constructor(variable: string, reason: string) {
    super(`${variable}: ${reason}`);
    this.name = 'EventStoreConfigError';
    this.stack = `${this.name}: ${this.message}`;
  }
}

const GRPC_CANCELLED = 1;
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;

/** True when the server was not reached or the call was cut: worth retrying, and a reason to report the store as unavailable. */
export function isConnectionError(error: unknown): boolean {
  if (error instanceof EventStoreUnavailableError) return true;
  if (error instanceof UnavailableError || error instanceof DeadlineExceededError || error instanceof CancelledError) return true;
  if (error instanceof NotLeaderError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return code === GRPC_UNAVAILABLE || code === GRPC_DEADLINE_EXCEEDED || code === GRPC_CANCELLED;
}

/** The client's message without gRPC boilerplate, for people reading a log line or /health. */
export function reasonOf(error: unknown): string {
  if (error instanceof AccessDeniedError)
    return 'access denied (the user needs read access to $all and write access to the ledger streams)';
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*Resolution note:\s*$/, '').trim() || (error instanceof Error ? error.name : 'unknown error');
}

/** The port's WrongExpectedRevisionError for the client's WrongExpectedVersionError, named by the port's stream id. */
export function toWrongExpectedRevision(error: WrongExpectedVersionError, streamId: string): WrongExpectedRevisionError {
  const expected = typeof error.expectedVersion === 'bigint' ? error.expectedVersion.toString() : String(error.expectedVersion);
  const actual = typeof error.actualVersion === 'bigint' ? Number(error.actualVersion) : 'no_stream';
  return new WrongExpectedRevisionError(streamId, expected, actual);
}

/** Wraps connection failures in EventStoreUnavailableError with what the ledger was doing; passes anything else through. */
export function describeFailure(error: unknown, doing: string): unknown {
  if (error instanceof EventStoreUnavailableError || !isConnectionError(error)) return error;
  return new EventStoreUnavailableError(`EventStoreDB unavailable while ${doing}: ${reasonOf(error)}`);
}
