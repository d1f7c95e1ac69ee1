import { CliCommand } from './cliContext';
import { batchCommand } from './commands/batch';
import { fetchCommand } from './commands/fetch';
import { pushCommand } from './commands/push';
import { rollbackCommand } from './commands/rollback';
import { setCommand } from './commands/set';
import { statusCommand } from './commands/status';
import { versionCommand } from './commands/version';

/** Every edgit-deploy command, in the order `--help` lists them. Add new commands here. */
export const COMMANDS: readonly CliCommand[] = [
  statusCommand,
  rollbackCommand,
  setCommand,
  batchCommand,
  versionCommand,
  pushCommand,
  fetchCommand,
];
