import * as vscode from 'vscode';
import { EdgitError } from '../../engine';
import { siteRange } from '../references/referenceSources';
import { WorkspaceRepository } from '../workspaceRepository';
import { CommandContext } from './commandContext';
import { readTarget } from './commandTarget';
import { componentFor } from './componentTarget';
import { CANCELLED, CommandResult, done } from './results';

interface FoundReference {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

/**
 * `edgit.findReferences`: where the ensembles and agents reference a component (a component
 * row), pin a version (a version row) or follow an environment (an environment row), shown as
 * VS Code shows references: the peek list over the first of them, every file and line in it.
 * Arguments: a tree node or `{ repositoryRoot, componentKey, version? | environment? }`.
 * Returns CommandResult<{ references }> (file, 1-based line and column, the text written).
 */
export async function findReferences(ctx: CommandContext, arg: unknown): Promise<CommandResult<{ references: FoundReference[] }>> {
  const target = readTarget(ctx.services, arg);
  const choice = await componentFor(ctx, target, 'Find References');
  if (!choice) return CANCELLED;
  const { repository, component } = choice;
  if (!(repository instanceof WorkspaceRepository)) throw new EdgitError('References are read from a workspace folder.', 'bad-input', 'Open the repository as a workspace folder.');
  const slot = target.version ?? target.environment;
  const what = `${component.id}${slot === undefined ? '' : `@${slot}`}`;
  const index = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Finding references in ensembles and agents…' }, () => repository.references());
  const sites = index.referencesTo(component.id, slot);
  const references = sites.map((s) => ({ file: s.file, line: s.line, column: s.column, text: s.reference.text }));
  if (!sites.length) {
    const where = index.scope.include.join(', ');
    void vscode.window.showInformationMessage(
      `No ensemble or agent references ${what} (searched ${where}). The setting edgit.references.include says where to look.`,
    );
    return done({ references });
  }
  const uriOf = (file: string) => vscode.Uri.file(`${repository.root}/${file}`);
  const locations = sites.map((s) => new vscode.Location(uriOf(s.file), siteRange(s)));
  // Over the first of them, as F12/Shift+F12 show references: the file open at it, the peek list of all.
  await vscode.window.showTextDocument(locations[0].uri, { selection: locations[0].range, preview: true });
  await vscode.commands.executeCommand('editor.action.showReferences', locations[0].uri, locations[0].range.start, locations);
  return done({ references });
}
