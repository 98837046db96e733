import type { Command } from 'commander';
import { EXIT } from './exit-codes';

/**
 * Commander exits with 1 when it refuses the arguments; this CLI promises 2 for that (1 means
 * "ran, but failed"). Help (`--help`) still exits 0. Commander has already printed the message.
 */
export function withUsageExitCodes(command: Command): Command {
  return command.exitOverride((error) => {
    process.exit(error.exitCode === 0 ? EXIT.ok : EXIT.usage);
  });
}
