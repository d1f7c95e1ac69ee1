import * as vscode from 'vscode';
import { EdgitServices } from '../services';
import { COMMAND } from './commandIds';
import { CommandContext } from './commandContext';
import { compareWith } from './compareWith';
import { compareWithWorkingFile } from './compareWithWorkingFile';
import { copyReference } from './copyReference';
import { findReferences } from './findReferences';
import { createVersion } from './createVersion';
import { deployVersion } from './deployVersion';
import { fetchEnvironmentTags } from './fetchEnvironmentTags';
import { deploymentHistoryBridge } from './deploymentHistoryBridge';
import { LastBatchStore } from './lastBatchStore';
import { clearBadMark, markVersionBad } from './markBad';
import { openEnvironment } from './openEnvironment';
import { openVersion } from './openVersion';
import { openWorkingFile } from './openWorkingFile';
import { partialRollback } from './partialRollback';
import { pushEnvironmentTags } from './pushEnvironmentTags';
import { reportError } from './reportError';
import { CommandResult } from './results';
import { rollback } from './rollback';
import { undo } from './undo';

export type { CommandResult } from './results';
export type { CommandContext } from './commandContext';

type Handler = (ctx: CommandContext, arg: unknown, more: unknown) => Promise<CommandResult>;

const HANDLERS: Record<string, { what: string; run: Handler }> = {
  [COMMAND.rollback]: { what: 'Rollback', run: rollback },
  [COMMAND.partialRollback]: { what: 'Partial rollback', run: partialRollback },
  [COMMAND.deployVersion]: { what: 'Deploy version', run: deployVersion },
  [COMMAND.createVersion]: { what: 'Create version', run: createVersion },
  [COMMAND.undo]: { what: 'Undo', run: undo },
  [COMMAND.pushEnvironmentTags]: { what: 'Push environment tags', run: pushEnvironmentTags },
  [COMMAND.fetchEnvironmentTags]: { what: 'Fetch environment tags', run: fetchEnvironmentTags },
  [COMMAND.openVersion]: { what: 'Open version', run: openVersion },
  [COMMAND.openEnvironment]: { what: 'Open environment', run: openEnvironment },
  [COMMAND.compareWith]: { what: 'Compare', run: compareWith },
  [COMMAND.compareWithWorkingFile]: { what: 'Compare with working file', run: compareWithWorkingFile },
  [COMMAND.openWorkingFile]: { what: 'Open working file', run: openWorkingFile },
  [COMMAND.copyReference]: { what: 'Copy reference', run: copyReference },
  [COMMAND.findReferences]: { what: 'Find references', run: findReferences },
  [COMMAND.markVersionBad]: { what: 'Mark version bad', run: markVersionBad },
  [COMMAND.clearBadMark]: { what: 'Clear bad mark', run: clearBadMark },
};

/** The context every handler gets: the services, the last batch per repository (in `memento`), the deployment history. */
export function createCommandContext(services: EdgitServices, memento: vscode.Memento): CommandContext {
  const lastBatches = new LastBatchStore(memento);
  return { services, lastBatches, history: deploymentHistoryBridge(services, lastBatches) };
}

/**
 * Runs one command's handler as VS Code does when the command is executed: never throws (an
 * error reaches the user as a message with a next step and comes back as a `failed` result).
 */
export async function runCommand(ctx: CommandContext, id: string, arg?: unknown, more?: unknown): Promise<CommandResult> {
  const handler = HANDLERS[id];
  if (!handler) return { status: 'failed', code: 'bad-input', message: `Unknown command ${id}.` };
  try {
    return await handler.run(ctx, arg, more);
  } catch (e) {
    return reportError(ctx.services, handler.what, e);
  }
}

/**
 * Registers every Edgit command. Each accepts a tree node, plain arguments or nothing (then it
 * asks with quick picks), never throws, and returns a CommandResult for callers and tests.
 */
export function registerCommands(context: vscode.ExtensionContext, ctx: CommandContext): void {
  for (const id of Object.keys(HANDLERS)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, (arg?: unknown, more?: unknown) => runCommand(ctx, id, arg, more)));
  }
}
