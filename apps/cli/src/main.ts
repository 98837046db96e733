import { Command } from 'commander';
import { registerCopyEventsCommand } from './commands/copy-events.command';
import { registerDemoCommand } from './commands/demo.command';
import { registerRebuildCommand } from './commands/rebuild.command';
import { registerSimulateCommand } from './commands/simulate.command';
import { registerStatementCommand } from './commands/statement.command';
import { registerVerifyCommand } from './commands/verify.command';

/**
 * `npm run ledger -- <command>` (SPEC §7). Every command lives in `commands/<name>.command.ts`
 * and registers itself; adding one is one import and one entry below.
 */
const commands: Array<(program: Command) => void> = [
  registerDemoCommand,
  registerVerifyCommand,
  registerRebuildCommand,
  registerStatementCommand,
  registerSimulateCommand,
  registerCopyEventsCommand,
];

async function main(): Promise<void> {
  const program = new Command('ledger').description('Partner ledger command line').showHelpAfterError();
  for (const register of commands) register(program);
  await program.parseAsync(process.argv);
}

main().catch((error: unknown) => {
  process.stderr.write(`ledger: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
