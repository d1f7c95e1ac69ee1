import * as vscode from 'vscode';
import { fromEdgitUri } from '../documents';
import { CommandContext } from './commandContext';
import { readTarget } from './commandTarget';
import { componentFor } from './componentTarget';
import { CANCELLED, CommandResult, done } from './results';
import { workingFileOf } from './workingFile';

/**
 * `edgit.openWorkingFile`: from an `edgit:` document (editor title) or a node, opens the
 * component's file in the working tree. Arguments: an `edgit:` URI, a node, or `{ repositoryRoot,
 * componentKey }`. Returns CommandResult<{ uri }>.
 */
export async function openWorkingFile(ctx: CommandContext, arg: unknown): Promise<CommandResult<{ uri: string }>> {
  const target = readTarget(ctx.services, arg ?? vscode.window.activeTextEditor?.document.uri);
  const choice = await componentFor(ctx, target, 'Open Working File');
  if (!choice) return CANCELLED;
  const shown = target.args.uri instanceof vscode.Uri && fromEdgitUri(target.args.uri) ? target.args.uri : undefined;
  const file = await workingFileOf(choice.repository, choice.component, shown);
  await vscode.commands.executeCommand('vscode.open', file);
  return done({ uri: file.toString() });
}
