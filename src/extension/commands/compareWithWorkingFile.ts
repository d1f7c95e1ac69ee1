import * as path from 'node:path';
import * as vscode from 'vscode';
import { documentUri, fromEdgitUri } from '../documents';
import { CommandContext } from './commandContext';
import { readTarget } from './commandTarget';
import { componentFor, slotFor } from './componentTarget';
import { CANCELLED, CommandResult, done } from './results';
import { workingFileOf } from './workingFile';

export interface WorkingFileDiff {
  readonly left: string;
  readonly right: string;
  readonly title: string;
}

/**
 * `edgit.compareWithWorkingFile`: diff of a version, environment (or the open `edgit:` document)
 * against the file in the working tree. Arguments: an `edgit:` URI (editor title), a node, or
 * `{ repositoryRoot, componentKey, version? | environment? }`; missing parts are picked.
 * Returns CommandResult<WorkingFileDiff>.
 */
export async function compareWithWorkingFile(ctx: CommandContext, arg: unknown): Promise<CommandResult<WorkingFileDiff>> {
  const target = readTarget(ctx.services, arg);
  const choice = await componentFor(ctx, target, 'Compare With Working File');
  if (!choice) return CANCELLED;
  const shown = target.args.uri instanceof vscode.Uri && fromEdgitUri(target.args.uri) ? target.args.uri : undefined;
  let left = shown;
  if (!left) {
    const slot = await slotFor(choice, target, `Compare ${choice.component.id} with the working file`, 'Which version or environment?');
    if (!slot) return CANCELLED;
    left = await documentUri(choice.repository, choice.component, slot);
  }
  const right = await workingFileOf(choice.repository, choice.component, left);
  const label = fromEdgitUri(left)?.label ?? '';
  const title = `${path.basename(right.fsPath)} (${label} ↔ working file)`;
  await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true });
  return done({ left: left.toString(), right: right.toString(), title });
}
