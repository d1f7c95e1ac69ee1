import * as vscode from 'vscode';
import { LanguageModelToolsApi, registerLanguageModelTools } from './agentTools/languageModelTools';
import { createCommandContext, registerCommands } from './commands';
import { registerDocuments } from './documents';
import { registerReferences } from './references';
import { logGitCommands } from './gitCommandLog';
import { RepositoryRegistry } from './repositoryRegistry';
import { ComponentStatusBar } from './statusBar';
import { registerTimeline } from './timeline';
import { ComponentTreeProvider, TreeStatus } from './tree/componentTreeProvider';
import { EdgitTreeNode } from './tree/nodes';
import { registerTreeFilter } from './tree/treeFilter';
import { publishTreeStatus } from './treeContextKeys';

export const VIEW_ID = 'edgit.components';
export const REFRESH_COMMAND = 'edgit.refresh';

/** What `activate` returns: used by the extension-host tests and the benchmark. */
export interface EdgitExtensionApi {
  readonly services: RepositoryRegistry;
  readonly tree: ComponentTreeProvider;
  readonly treeView: vscode.TreeView<EdgitTreeNode>;
  readonly statusBar: ComponentStatusBar;
  /** The last status published to the `edgit.state` / `edgit.filtering` context keys. */
  lastPublishedStatus(): TreeStatus | undefined;
  /** performance.now() when activate() started, in the extension host. */
  readonly activatedAt: number;
  /** The language model tools (undefined when they could not start). */
  readonly languageModelTools: LanguageModelToolsApi | undefined;
}

/** Runs one part's registration; a failure there is logged and must not take the view down. */
function guarded(log: vscode.LogOutputChannel, part: string, register: () => unknown): void {
  try {
    register();
  } catch (e) {
    log.error(`Edgit ${part} could not start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
}

export function activate(context: vscode.ExtensionContext): EdgitExtensionApi {
  const activatedAt = performance.now();
  const log = vscode.window.createOutputChannel('Edgit', { log: true });
  context.subscriptions.push(log, logGitCommands(log));

  const services = new RepositoryRegistry(log);
  context.subscriptions.push(services);
  active = services;

  let published: TreeStatus | undefined;
  const publish = (status: TreeStatus) => {
    published = status;
    return publishTreeStatus(status);
  };
  const tree = new ComponentTreeProvider(services, publish);
  void publish(tree.status);
  const treeView = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(tree, treeView, registerTreeFilter(treeView, tree));
  context.subscriptions.push(
    vscode.commands.registerCommand(REFRESH_COMMAND, async () => {
      await services.rediscover();
      services.refreshAll({ drift: true });
      tree.invalidate();
    }),
  );

  const statusBar = new ComponentStatusBar(services);
  context.subscriptions.push(statusBar);

  // One context for the commands and the moving tools: the same last batches (undo) and history.
  const commandContext = createCommandContext(services, context.workspaceState);
  guarded(log, 'commands', () => registerCommands(context, commandContext));
  let languageModelTools: LanguageModelToolsApi | undefined;
  guarded(log, 'language model tools', () => (languageModelTools = registerLanguageModelTools(context, services, commandContext)));
  guarded(log, 'documents', () => registerDocuments(context, services));
  guarded(log, 'timeline', () => registerTimeline(context, services));
  guarded(log, 'references', () => context.subscriptions.push(registerReferences(services)));

  if (!vscode.workspace.isTrusted) log.info('Workspace not trusted: Edgit runs no git until it is.');
  void services.start();
  log.info('Edgit for VS Code activated');
  return { services, tree, treeView, statusBar, lastPublishedStatus: () => published, activatedAt, languageModelTools };
}

/** The repositories of the running extension: their cache files not written yet are written when it deactivates. */
let active: RepositoryRegistry | undefined;

/** Everything else is released through context.subscriptions; cache files not written yet are written now. */
export function deactivate(): Promise<void> {
  return active?.flushCaches() ?? Promise.resolve();
}
