import { EXIT, type ExitCode } from './exit-codes';

/** A failure the user can act on: printed as is (no stack), and the process exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.failed,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Bad arguments or configuration (exit 2). */
export function usageError(message: string): CliError {
  return new CliError(message, EXIT.usage);
}
