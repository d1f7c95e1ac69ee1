import * as path from 'node:path';
import * as vscode from 'vscode';
import { createCommandContext } from '../commands';
import { repositoryAt } from '../commands/commandTarget';
import { reportError } from '../commands/reportError';
import { CANCELLED, CommandResult, done } from '../commands/results';
import { BACK } from '../quickpicks/asyncQuickPick';
import { pickRepository } from '../quickpicks/repositoryPick';
import { EdgitRepository, EdgitServices } from '../services';
import { TIMELINE_VIEW_TYPE, parsePageState } from './protocol';
import { TimelineDeps, TimelinePanel } from './timelinePanel';
import { webviewOptions } from './timelineHtml';

export { TimelinePanel } from './timelinePanel';

const SHOW_TIMELINE_COMMAND = 'edgit.showTimeline';

/** What `edgit.showTimeline` returns (tests use the panel's controller). */
export interface ShownTimeline {
  readonly root: string;
  readonly panel: TimelinePanel;
}

function isRepositoryLike(value: unknown): value is EdgitRepository {
  const r = value as Partial<EdgitRepository> | undefined;
  return !!r && typeof r === 'object' && typeof r.root === 'string' && typeof r.snapshot === 'function' && typeof r.onDidChange === 'function' && !!r.git;
}

/** One timeline panel per repository root; revives panels after a reload. */
export class TimelineManager implements vscode.Disposable {
  private readonly panels = new Map<string, TimelinePanel>();

  constructor(private readonly deps: TimelineDeps) {}

  /** The open panel of a repository, if any. */
  panelFor(root: string): TimelinePanel | undefined {
    return this.panels.get(path.resolve(root));
  }

  /** Opens (or reveals) the timeline of a repository. */
  show(repository: EdgitRepository): TimelinePanel {
    const key = path.resolve(repository.root);
    const open = this.panels.get(key);
    if (open) {
      open.setRepository(repository);
      open.reveal();
      return open;
    }
    const panel = vscode.window.createWebviewPanel(TIMELINE_VIEW_TYPE, `Edgit Timeline: ${repository.name}`, vscode.ViewColumn.Active, {
      ...webviewOptions(this.deps.extensionUri),
      retainContextWhenHidden: false,
      enableFindWidget: true,
    });
    return this.adopt(new TimelinePanel(panel, repository.root, repository, this.deps));
  }

  /** A panel restored by VS Code after a reload: its page state names the repository (checked). */
  async revive(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
    await this.deps.services.ready();
    const kept = parsePageState(state);
    const root = kept?.root ?? '';
    const repository = root ? this.deps.services.repositories().find((r) => path.resolve(r.root) === path.resolve(root)) : undefined;
    const existing = root ? this.panels.get(path.resolve(root)) : undefined;
    if (existing) existing.dispose();
    this.adopt(new TimelinePanel(webviewPanel, root, repository, this.deps, kept));
  }

  private adopt(panel: TimelinePanel): TimelinePanel {
    const key = path.resolve(panel.root || '.');
    this.panels.set(key, panel);
    panel.onDidDispose(() => {
      if (this.panels.get(key) === panel) this.panels.delete(key);
    });
    return panel;
  }

  /**
   * `edgit.showTimeline`: with a repository (a tree node `{ repository }`, an EdgitRepository,
   * `{ repositoryRoot }`, or a file URI inside it), else the only repository, else a pick.
   */
  async showFromCommand(arg: unknown): Promise<CommandResult<ShownTimeline>> {
    try {
      const repository = await this.repositoryOf(arg);
      if (!repository) return CANCELLED;
      return done({ root: repository.root, panel: this.show(repository) });
    } catch (e) {
      return reportError(this.deps.services, 'Show deployment timeline', e);
    }
  }

  private async repositoryOf(arg: unknown): Promise<EdgitRepository | undefined> {
    const services = this.deps.services;
    if (isRepositoryLike(arg)) return arg;
    if (arg && typeof arg === 'object' && isRepositoryLike((arg as { repository?: unknown }).repository)) return (arg as { repository: EdgitRepository }).repository;
    if (arg instanceof vscode.Uri) {
      const found = services.repositoryFor(arg);
      if (found) return found;
    }
    const root = arg && typeof arg === 'object' ? (arg as { repositoryRoot?: unknown }).repositoryRoot : undefined;
    if (typeof root === 'string' && root.trim()) return repositoryAt(services, root.trim());
    await services.ready();
    const picked = await pickRepository(services, 'Show Deployment Timeline');
    return picked === BACK ? undefined : picked;
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
    this.panels.clear();
  }
}

/**
 * Registers the deployment timeline: the `edgit.showTimeline` command (returns
 * CommandResult<ShownTimeline>) and the serializer that brings panels back after a reload.
 */
export function registerTimeline(context: vscode.ExtensionContext, services: EdgitServices): TimelineManager {
  const manager = new TimelineManager({ services, extensionUri: context.extensionUri, commands: createCommandContext(services, context.workspaceState) });
  context.subscriptions.push(
    manager,
    vscode.commands.registerCommand(SHOW_TIMELINE_COMMAND, (arg?: unknown) => manager.showFromCommand(arg)),
    vscode.window.registerWebviewPanelSerializer(TIMELINE_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state) => manager.revive(panel, state),
    }),
  );
  return manager;
}
