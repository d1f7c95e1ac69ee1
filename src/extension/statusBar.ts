import { realpath } from 'node:fs/promises';
import * as vscode from 'vscode';
import { ComponentInfo, escapeUntrusted } from '../engine';
import { componentForPath, repositoryPath } from './componentLocator';
import { RepositoryRegistry } from './repositoryRegistry';
import { EdgitSettings } from './services';
import { sortEnvironments } from './tree/environmentOrder';
import { escapeMarkdown, untrustedMarkdown } from './tree/markdown';
import { iconSafeName } from './untrustedLabels';

/** The argument the status bar item hands to `edgit.rollback`. */
export interface ComponentReference {
  readonly repositoryRoot: string;
  readonly componentKey: string;
}

const STATUS_BAR_COMMAND = 'edgit.rollback';

/** `$(tag) production v1.0.0 · staging v1.1.0`, or the latest version when no environment exists. */
function componentStatusText(component: ComponentInfo, settings: EdgitSettings): string {
  // The status bar renders `$(icon)`: only the leading one is ours; names from tags are escaped (and flagged when suspicious).
  const envs = sortEnvironments(component.environments, settings.environmentOrder, (e) => e.name);
  if (!envs.length) return `$(tag) ${iconSafeName(component.id)} ${iconSafeName(component.versions[0]?.version ?? '')}`.trimEnd();
  return `$(tag) ${envs.map((e) => `${iconSafeName(e.name)} ${e.version ? iconSafeName(e.version) : (e.commit?.slice(0, 7) ?? '?')}`).join(' · ')}`;
}

/**
 * Shows, while the active editor is a component's working file, where that component is deployed;
 * clicking it starts a rollback of that component.
 */
export class ComponentStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  /** The component shown now (for tests and commands). */
  shown: ComponentReference | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private ticket = 0;
  private updating: Promise<void> = Promise.resolve();

  constructor(private readonly registry: RepositoryRegistry) {
    this.item = vscode.window.createStatusBarItem('edgit.component', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Edgit Component';
    const update = () => void this.update();
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(update),
      registry.onDidChangeRepositories(update),
      registry.onDidChangeRepository(update),
      registry.onDidChangeSettings(update),
    );
    update();
  }

  /** Recomputes the item for the active editor; resolves when it shows the answer. */
  update(): Promise<void> {
    const ticket = ++this.ticket;
    this.updating = this.compute()
      .catch(() => undefined)
      .then((found) => {
        if (ticket === this.ticket) this.render(found);
      });
    return this.updating;
  }

  private async compute(): Promise<{ component: ComponentInfo; root: string } | undefined> {
    const uri = vscode.window.activeTextEditor?.document.uri;
    if (!uri || uri.scheme !== 'file' || !this.registry.isTrusted) return undefined;
    await this.registry.ready();
    const repo = this.registry.repositoryFor(uri);
    if (!repo) return undefined;
    const rel = repositoryPath(repo.root, uri.fsPath) ?? repositoryPath(repo.root, await realpath(uri.fsPath).catch(() => uri.fsPath));
    if (!rel) return undefined;
    const snapshot = await repo.snapshot();
    const component = await componentForPath(repo, snapshot, rel);
    if (!component || (component.legacy && !this.registry.settings().showLegacyTags)) return undefined;
    return { component, root: repo.root };
  }

  private render(found: { component: ComponentInfo; root: string } | undefined): void {
    if (!found) {
      this.shown = undefined;
      this.item.hide();
      return;
    }
    const { component, root } = found;
    const reference: ComponentReference = { repositoryRoot: root, componentKey: component.key };
    this.shown = reference;
    this.item.text = componentStatusText(component, this.registry.settings());
    const tooltip = untrustedMarkdown();
    tooltip.appendMarkdown(`**${escapeMarkdown(component.id)}**\n\n`);
    for (const e of sortEnvironments(component.environments, this.registry.settings().environmentOrder, (x) => x.name)) {
      tooltip.appendMarkdown(`- ${escapeMarkdown(`${e.name}: ${e.version ?? 'no version'}`)}\n`);
    }
    tooltip.appendMarkdown('\nClick to roll back this component.');
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: `Edgit ${escapeUntrusted(component.id)}: ${this.item.text.replace('$(tag) ', '')}. Roll back.` };
    this.item.command = { command: STATUS_BAR_COMMAND, title: 'Roll Back Component', arguments: [reference] };
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
