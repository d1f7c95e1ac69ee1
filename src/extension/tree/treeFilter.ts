import * as vscode from 'vscode';
import { ComponentTreeProvider, TreeStatus } from './componentTreeProvider';
import { EdgitTreeNode } from './nodes';

const FILTER_COMMAND = 'edgit.filterComponents';
const CLEAR_FILTER_COMMAND = 'edgit.clearFilter';

/** The view's filter: asked with an input box, shown in the view's description and message. */
export function registerTreeFilter(view: vscode.TreeView<EdgitTreeNode>, tree: ComponentTreeProvider): vscode.Disposable {
  const show = (status: TreeStatus) => {
    const filter = status.filter;
    view.description = filter ? `filter: ${filter}` : undefined;
    if (!filter) view.message = undefined;
    else if (status.state === 'ready' && status.shownComponents === 0) view.message = `No component matches "${filter}".`;
    else view.message = `Showing ${status.shownComponents} component${status.shownComponents === 1 ? '' : 's'} matching "${filter}".`;
  };
  return vscode.Disposable.from(
    tree.onDidChangeStatus(show),
    vscode.commands.registerCommand(FILTER_COMMAND, async (text?: unknown) => {
      const value =
        typeof text === 'string'
          ? text
          : await vscode.window.showInputBox({
              title: 'Filter Edgit Components',
              prompt: 'Show components whose name contains this text (e.g. "prompts/" or "extraction"). Empty shows all.',
              value: tree.filter ?? '',
              placeHolder: 'namespace/name',
            });
      if (value === undefined) return;
      tree.setFilter(value);
      await tree.getChildren(); // publishes the status: description and message are set when the command returns
    }),
    vscode.commands.registerCommand(CLEAR_FILTER_COMMAND, async () => {
      tree.setFilter(undefined);
      await tree.getChildren();
    }),
  );
}
