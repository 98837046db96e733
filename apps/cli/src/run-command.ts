import { ConfigError } from '@ledger/platform/config';
import { CliError } from './cli-error';
import { EXIT } from './exit-codes';

/**
 * Runs a command's action and turns its outcome into an exit status: the action's own status,
 * 2 for configuration errors, the CliError's status, or 1 for anything unexpected (with the stack
 * only when LEDGER_DEBUG is set, so a user sees one clear line).
 */
export async function runCommand(name: string, action: () => Promise<number | void>): Promise<void> {
  try {
    process.exitCode = (await action()) ?? EXIT.ok;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`ledger ${name}: ${message}\n`);
    if (process.env.LEDGER_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    process.exitCode = error instanceof CliError ? error.exitCode : error instanceof ConfigError ? EXIT.usage : EXIT.failed;
  }
}
