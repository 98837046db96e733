import type { Command } from 'commander';
import { loadConfig, type AppConfig } from '@ledger/platform/config';

export interface DataDirOption {
  dataDir?: string;
}

/** `--data-dir`, shared by the commands that open the configured storage. */
export function addDataDirOption(command: Command): Command {
  return command.option('--data-dir <dir>', 'directory of the embedded store and the admin key (default: DATA_DIR, else ./data)');
}

/** The environment the API reads (EVENT_STORE, DATA_DIR, DATABASE_URL, ...), with `--data-dir` taking precedence over DATA_DIR. */
export function cliConfig(options: DataDirOption): AppConfig {
  return loadConfig(options.dataDir ? { ...process.env, DATA_DIR: options.dataDir } : process.env);
}

/** Where the configured storage is, for messages. */
export function describeStorage(config: AppConfig): string {
  if (config.eventStore === 'embedded' && !config.databaseUrl) return `the embedded store in ${config.dataDir}`;
  if (config.eventStore === 'eventstoredb') return `the EventStoreDB store (${config.eventStoreUrl?.replace(/\/\/[^@/]*@/, '//***@')})`;
  return `the ${config.eventStore} store${config.databaseUrl ? ` (read models in ${config.databaseUrl.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@')})` : ''}`;
}
