import { CliCommand } from './cliContext';
import { atCommand } from './commands/at';
import { batchCommand } from './commands/batch';
import { fetchCommand } from './commands/fetch';
import { historyCommand } from './commands/history';
import { markBadCommand, unmarkBadCommand } from './commands/markBad';
import { mcpCommand } from './commands/mcp';
import { pendingCommand } from './commands/pending';
import { pushCommand } from './commands/push';
import { recreateCommand } from './commands/recreate';
import { refsCommand } from './commands/refs';
import { reportLiveCommand } from './commands/reportLive';
import { rollbackCommand } from './commands/rollback';
import { setCommand } from './commands/set';
import { statusCommand } from './commands/status';
import { verifyCommand } from './commands/verify';
import { versionCommand } from './commands/version';

/** Every edgit-deploy command, in the order `--help` lists them. Add new commands here. */
export const COMMANDS: readonly CliCommand[] = [
  statusCommand,
  rollbackCommand,
  setCommand,
  batchCommand,
  recreateCommand,
  versionCommand,
  markBadCommand,
  unmarkBadCommand,
  pushCommand,
  fetchCommand,
  historyCommand,
  atCommand,
  verifyCommand,
  refsCommand,
  reportLiveCommand,
  pendingCommand,
  mcpCommand,
];
