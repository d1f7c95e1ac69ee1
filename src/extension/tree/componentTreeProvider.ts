import * as vscode from 'vscode';
import { BadMarks, ComponentInfo, ComponentName, DriftKind, ReadProblem, ReceiptLog, ReferenceSite, RepositorySnapshot } from '../../engine';
import { EdgitRepository } from '../services';
import { RepositoryRegistry } from '../repositoryRegistry';
import { WorkspaceRepository } from '../workspaceRepository';
import { ComponentNode, EdgitTreeNode, MessageNode, NamespaceNode, nodeIds } from './nodes';
import { lazyTooltipFor, treeItemFor } from './treeItems';
import { TreeHistory, treeHistory } from './moveStory';
import {
  componentChildren,
  componentNodes,
  componentRowFacts,
  historySignature,
  namespaceNodes,
  ownDrift,
  pinsByVersion,
  pinsSignature,
  repositoryNode,
  visibleComponents,
  visibleNames,
} from './treeModel';

/** What the view shows, for its welcome content (context key `edgit.state`). */
export type WelcomeState = 'loading' | 'untrusted' | 'noFolder' | 'noGit' | 'noTags' | 'ready' | 'error';

export interface TreeStatus {
  readonly state: WelcomeState;
  /** Components shown with the current filter (all visible ones without a filter). */
  readonly shownComponents: number;
  readonly filter: string | undefined;
}

/** Reported after each getChildren, for measurements. */
export interface ChildrenResolved {
  readonly parent: EdgitTreeNode | undefined;
  readonly count: number;
  readonly ms: number;
}

type Loaded =
  | { repo: WorkspaceRepository; components: readonly ComponentName[]; snapshot?: RepositorySnapshot }
  | { repo: WorkspaceRepository; error: unknown };

const ROOT = '';

/**
 * The "Components" view. Children are built from the repositories' cached snapshots; drift is
 * only peeked (computed in the background, then a repaint), so the first paint never waits for a remote.
 * Node objects are kept until the next change, so `reveal` works with any node returned before.
 */
export class ComponentTreeProvider implements vscode.TreeDataProvider<EdgitTreeNode>, vscode.Disposable {
  private readonly treeChanged = new vscode.EventEmitter<EdgitTreeNode | undefined>();
  readonly onDidChangeTreeData = this.treeChanged.event;
  private readonly statusChanged = new vscode.EventEmitter<TreeStatus>();
  readonly onDidChangeStatus = this.statusChanged.event;
  private readonly childrenResolved = new vscode.EventEmitter<ChildrenResolved>();
  readonly onDidResolveChildren = this.childrenResolved.event;
  private readonly disposables: vscode.Disposable[] = [];
  private cache = new Map<string, Promise<EdgitTreeNode[]>>();
  /** The snapshot each repository's levels were last built from, to tell which components a change touched. */
  private shown = new Map<string, RepositorySnapshot>();
  /** Component nodes handed to the view since the last full rebuild, by id. */
  private componentNodesById = new Map<string, ComponentNode>();
  /** Namespace nodes handed to the view since the last full rebuild, by id. */
  private namespaceNodesById = new Map<string, NamespaceNode>();
  /** What each repository's warning row said was skipped when the root was built (problemsSignature). */
  private skippedShown = new Map<string, string>();
  /** The bad marks each repository's component rows were last built with (marksSignature). */
  private shownMarks = new Map<string, string>();
  /** What the history said of each component row's environments when it was built (historySignature), by node id. */
  private historyShown = new Map<string, string>();
  /** Expanded components, by id: the pins their version rows show (signature), to repaint them when an ensemble changes. */
  private pinsShown = new Map<string, { node: ComponentNode; signature: string }>();
  private filterText: string | undefined;
  private rootAwaitsDiscovery = false;
  private current: TreeStatus;

  /**
   * @param statusSink awaited before the root's children are returned, so welcome content keyed
   *   on the state (`setContext`) is in place when the view finds the tree empty.
   */
  constructor(
    private readonly registry: RepositoryRegistry,
    private readonly statusSink?: (status: TreeStatus) => Thenable<unknown>,
  ) {
    this.current = { state: this.quickState() ?? 'loading', shownComponents: 0, filter: undefined };
    const repaint = () => this.invalidate();
    this.disposables.push(
      this.treeChanged,
      this.statusChanged,
      this.childrenResolved,
      // A root build still waiting for discovery reads the new repositories anyway.
      registry.onDidChangeRepositories(() => {
        if (!this.rootAwaitsDiscovery) repaint();
      }),
      registry.onDidChangeRepository((repo) => void this.repositoryChanged(repo)),
      registry.onDidChangeDrift((repo) => this.driftChanged(repo)),
      registry.onDidChangeReferences((repo) => this.referencesChanged(repo)),
      registry.onDidChangeSettings(repaint),
    );
  }

  get status(): TreeStatus {
    return this.current;
  }

  get filter(): string | undefined {
    return this.filterText;
  }

  /** Shows only components whose `namespace/name` or key contains `text` (case-insensitive); empty clears. */
  setFilter(text: string | undefined): void {
    const next = text?.trim() || undefined;
    if (next === this.filterText) return;
    this.filterText = next;
    this.invalidate();
  }

  /** Forgets every node and asks the view to read the whole tree again. */
  invalidate(): void {
    this.cache = new Map();
    this.shown = new Map();
    this.shownMarks = new Map();
    this.historyShown = new Map();
    this.pinsShown = new Map();
    this.skippedShown = new Map();
    this.componentNodesById = new Map();
    this.namespaceNodesById = new Map();
    this.treeChanged.fire(undefined);
  }

  /**
   * Tags of a repository changed. When the same components are still shown, only the components
   * whose tags changed are repainted (their rows, and their children if expanded): every other row
   * keeps its element, so a click on it in the meantime still acts on that row. Otherwise the tree
   * is rebuilt.
   */
  private async repositoryChanged(repo: WorkspaceRepository): Promise<void> {
    if (this.skippedShown.has(repo.root)) this.checkSkipped(repo);
    const before = this.shown.get(repo.root);
    if (!before) {
      this.invalidate();
      return;
    }
    const marksBefore = this.shownMarks.get(repo.root);
    const [after, known] = await Promise.all([repo.snapshot().catch(() => undefined), this.historyOf(repo)]);
    // A bad mark set or cleared (the history moved) repaints everything: marks show on many rows.
    if (marksBefore !== undefined && marksBefore !== marksSignature(known.marks)) {
      this.invalidate();
      return;
    }
    const settings = this.registry.settings();
    if (!before || !after || !sameComponents(visibleComponents(before, settings, this.filterText), visibleComponents(after, settings, this.filterText))) {
      this.invalidate();
      return;
    }
    this.shown.set(repo.root, after);
    const history = known.history;
    const now = Date.now();
    for (const component of after.components) {
      const node = this.componentNodesById.get(nodeIds.component(repo.root, component.key));
      if (!node) continue;
      const previous = before.get(component.key);
      // Repainted when its tags moved, or when the history says something new of its environments.
      const signature = historySignature(component, history, known.receipts);
      if (previous && componentSignature(previous) === componentSignature(component) && this.historyShown.get(node.id) === signature) continue;
      this.historyShown.set(node.id, signature);
      const mutable = node as { -readonly [K in keyof ComponentNode]: ComponentNode[K] };
      mutable.component = component;
      Object.assign(mutable, componentRowFacts(component, settings.environmentOrder, known.marks, history, now, known.receipts));
      mutable.history = history;
      mutable.builtAt = now;
      mutable.drift = ownDrift(component, this.peekDrift(repo));
      this.cache.delete(node.id);
      this.treeChanged.fire(node);
    }
  }

  /** Drift of a repository changed: repaint the components whose environments' drift differs. */
  private driftChanged(repo: WorkspaceRepository): void {
    const drift = this.peekDrift(repo);
    for (const node of this.componentNodesById.values()) {
      if (node.repositoryRoot !== repo.root) continue;
      const next = ownDrift(node.component, drift);
      if (sameDrift(node.drift, next)) continue;
      (node as { drift: ComponentNode['drift'] }).drift = next;
      this.cache.delete(node.id);
      this.treeChanged.fire(node);
    }
  }

  getTreeItem(node: EdgitTreeNode): vscode.TreeItem {
    return treeItemFor(node);
  }

  /** Fills in the tooltip when a row is hovered (not built for every row of a level). */
  resolveTreeItem(item: vscode.TreeItem, node: EdgitTreeNode): vscode.TreeItem {
    item.tooltip ??= lazyTooltipFor(node);
    return item;
  }

  getParent(node: EdgitTreeNode): EdgitTreeNode | undefined {
    return node.parent;
  }

  getChildren(node?: EdgitTreeNode): Promise<EdgitTreeNode[]> {
    const key = node?.id ?? ROOT;
    let children = this.cache.get(key);
    if (!children) {
      const started = performance.now();
      const cache = this.cache;
      children = this.build(node);
      cache.set(key, children);
      children.then(
        (list) => this.childrenResolved.fire({ parent: node, count: list.length, ms: performance.now() - started }),
        () => cache.delete(key),
      );
    }
    return children;
  }

  /** The node of a component (or of one of its slots) as the view has it, for `TreeView.reveal`. */
  async findNode(repositoryRoot: string, componentKey: string, slot?: { environment?: string; version?: string }): Promise<EdgitTreeNode | undefined> {
    const wanted = slot?.environment
      ? nodeIds.environment(repositoryRoot, componentKey, slot.environment)
      : slot?.version
        ? nodeIds.version(repositoryRoot, componentKey, slot.version)
        : nodeIds.component(repositoryRoot, componentKey);
    const search = async (parent: EdgitTreeNode | undefined): Promise<EdgitTreeNode | undefined> => {
      for (const child of await this.getChildren(parent)) {
        if (child.id === wanted) return child;
        const within =
          (child.kind === 'repository' && child.repositoryRoot === repositoryRoot) ||
          (child.kind === 'namespace' && child.repositoryRoot === repositoryRoot && child.componentKeys.has(componentKey)) ||
          (child.kind === 'component' && child.componentKey === componentKey && child.repositoryRoot === repositoryRoot);
        if (within) return search(child);
      }
      return undefined;
    };
    return search(undefined);
  }

  private async build(node: EdgitTreeNode | undefined): Promise<EdgitTreeNode[]> {
    if (!node) return this.buildRoot();
    const settings = this.registry.settings();
    switch (node.kind) {
      case 'repository': {
        const snapshot = await node.repository.snapshot();
        this.shown.set(node.repositoryRoot, snapshot);
        return this.remember(namespaceNodes(node.repository, visibleComponents(snapshot, settings, this.filterText), node));
      }
      case 'namespace': {
        // Built from the snapshot (the first level may have been painted from tag names alone).
        const snapshot = await node.repository.snapshot();
        const components = visibleComponents(snapshot, settings, this.filterText).filter((c) => c.namespace === node.namespace);
        if (!this.shown.has(node.repositoryRoot)) this.shown.set(node.repositoryRoot, snapshot);
        const known = await this.historyOf(node.repository, snapshot);
        const nodes = componentNodes(node, components, this.peekDrift(node.repository), settings.environmentOrder, known.marks, known.history, Date.now(), known.receipts);
        for (const c of nodes) {
          this.componentNodesById.set(c.id, c);
          this.historyShown.set(c.id, historySignature(c.component, known.history, known.receipts));
        }
        return nodes;
      }
      case 'component': {
        const known = await this.historyOf(node.repository);
        const pins = this.pinsOf(node);
        this.pinsShown.set(node.id, { node, signature: pinsSignature(pins) });
        return componentChildren(node, settings, this.peekDrift(node.repository), known.marks, known.history, Date.now(), known.receipts, pins);
      }
      default:
        return [];
    }
  }

  /**
   * A repository's bad marks and history, read once per history change (none when its history
   * cannot be read: the tree still shows the tags). The history's events are checked against
   * `snapshot` (default: the repository's current one).
   */
  private async historyOf(repository: EdgitRepository, snapshot?: RepositorySnapshot): Promise<{ marks: BadMarks; history: TreeHistory | undefined; receipts: ReceiptLog | undefined }> {
    const [marks, history, shown, receipts] = await Promise.all([
      repository.badMarks().catch(() => new BadMarks()),
      repository.history().catch(() => undefined),
      snapshot ?? repository.snapshot().catch(() => undefined),
      // Deploy receipts (live or pending per environment); none when they cannot be read: the tree still shows the tags.
      repository.receipts().catch(() => undefined),
    ]);
    // The marks the rows were first built with since the last full rebuild: a change repaints all (repositoryChanged).
    if (!this.shownMarks.has(repository.root)) this.shownMarks.set(repository.root, marksSignature(marks));
    return { marks, history: shown ? treeHistory(history, shown) : undefined, receipts: receipts?.size ? receipts : undefined };
  }

  private remember(nodes: NamespaceNode[]): NamespaceNode[] {
    for (const n of nodes) this.namespaceNodesById.set(n.id, n);
    return nodes;
  }

  /**
   * The references pinning each version of a component, from the repository's reference index
   * when it is built; never waits for it: the first time, the index is built in the background
   * and the expanded components are painted again when it is there.
   */
  private pinsOf(node: ComponentNode): Map<string, ReferenceSite[]> {
    const repo = node.repository;
    if (!(repo instanceof WorkspaceRepository)) return new Map();
    const index = repo.referenceIndex.peek();
    if (!index) {
      repo.references().then(
        () => this.referencesChanged(repo),
        () => undefined,
      );
    }
    return pinsByVersion(index, node.component);
  }

  /** An ensemble changed (or the index was built): the expanded components whose pins differ are painted again. */
  private referencesChanged(repo: EdgitRepository): void {
    for (const [id, shown] of this.pinsShown) {
      if (shown.node.repository !== repo) continue;
      const signature = pinsSignature(this.pinsOf(shown.node));
      if (signature === shown.signature) continue;
      this.pinsShown.set(id, { node: shown.node, signature });
      this.cache.delete(id);
      this.treeChanged.fire(shown.node);
    }
  }

  private peekDrift(repo: unknown) {
    return repo instanceof WorkspaceRepository ? repo.peekDrift() : undefined;
  }

  /** Known without running git: untrusted, no folder. */
  private quickState(): WelcomeState | undefined {
    if (!this.registry.isTrusted) return 'untrusted';
    if (!this.registry.hasFolders) return 'noFolder';
    return undefined;
  }

  private async buildRoot(): Promise<EdgitTreeNode[]> {
    this.rootAwaitsDiscovery = true;
    try {
      await this.registry.ready();
    } finally {
      this.rootAwaitsDiscovery = false;
    }
    const quick = this.quickState();
    const repos = this.registry.repositories();
    if (quick || repos.length === 0) {
      await this.publish(quick ?? 'noGit', 0);
      return [];
    }
    const settings = this.registry.settings();
    const loaded: Loaded[] = await Promise.all(repos.map((repo) => this.firstLevelOf(repo)));
    // What each repository shows with the filter.
    const shownOf = new Map(loaded.map((l) => [l, 'components' in l ? visibleNames(l.components, settings, this.filterText) : []]));
    // Painted from names alone: the snapshot, read right after, says whether the tree shows the right components.
    for (const l of loaded) if ('components' in l && !l.snapshot) this.confirmNames(l.repo, shownOf.get(l)!);
    const relevant = loaded.filter((l) => 'error' in l || visibleNames(l.components, settings).length > 0);
    if (relevant.length === 0) {
      await this.publish('noTags', 0);
      return [];
    }
    const nodes: EdgitTreeNode[] = [];
    let shown = 0;
    const multi = relevant.length > 1;
    for (const l of relevant) {
      if ('error' in l) {
        nodes.push(errorNode(l.repo, l.error, multi));
        continue;
      }
      const skipped = l.repo.peekSkipped();
      if (skipped?.length) nodes.push(skippedNode(l.repo, skipped, multi));
      this.skippedShown.set(l.repo.root, problemsSignature(skipped ?? []));
      this.checkSkipped(l.repo);
      const components = shownOf.get(l)!;
      shown += components.length;
      if (l.snapshot) this.shown.set(l.repo.root, l.snapshot);
      if (!multi) nodes.push(...this.remember(namespaceNodes(l.repo, components, undefined)));
      else if (components.length) nodes.push(repositoryNode(l.repo, components.length));
    }
    await this.publish(relevant.some((l) => 'components' in l) ? 'ready' : 'error', shown);
    return nodes;
  }

  /**
   * What the first level of a repository is built from: its snapshot, or, before anything was
   * read in this window, the component names of the listing it remembers (no object to parse: the
   * first level paints at once, and the snapshot is read right after, for the rows below it).
   */
  private async firstLevelOf(repo: WorkspaceRepository): Promise<Loaded> {
    const names = await repo.rememberedComponentNames();
    if (names?.length) return { repo, components: names };
    return repo.snapshot().then(
      (snapshot) => ({ repo, snapshot, components: snapshot.components }),
      (error: unknown) => ({ repo, error }),
    );
  }

  /** After a first level painted from names: read the snapshot, and rebuild the tree when it shows other components. */
  private confirmNames(repo: WorkspaceRepository, painted: readonly { key: string; namespace: string }[]): void {
    const cache = this.cache;
    setTimeout(() => {
      repo.snapshot().then(
        (snapshot) => {
          if (this.cache !== cache) return; // rebuilt meanwhile
          const now = visibleComponents(snapshot, this.registry.settings(), this.filterText);
          if (!sameComponents(now, painted)) this.invalidate();
        },
        () => this.invalidate(), // shows the error row
      );
    }, 0);
  }

  /**
   * Reads what the repository's readers skip (off the paint) and rebuilds the tree when the
   * warning row shows something else.
   */
  private checkSkipped(repo: WorkspaceRepository): void {
    const cache = this.cache;
    setTimeout(() => {
      repo.skipped().then(
        (skipped) => {
          if (this.cache === cache && this.skippedShown.get(repo.root) !== problemsSignature(skipped)) this.invalidate();
        },
        () => undefined, // the tags could not be read: the error row says so
      );
    }, 0);
  }

  private async publish(state: WelcomeState, shownComponents: number): Promise<void> {
    const next: TreeStatus = { state, shownComponents, filter: this.filterText };
    const same = next.state === this.current.state && next.shownComponents === this.current.shownComponents && next.filter === this.current.filter;
    this.current = next;
    if (same) return;
    this.statusChanged.fire(next);
    await Promise.resolve(this.statusSink?.(next)).catch(() => undefined);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** Whether two lists show the same components in the same places (key and namespace). */
function sameComponents(a: readonly { key: string; namespace: string }[], b: readonly { key: string; namespace: string }[]): boolean {
  return a.length === b.length && a.every((c, i) => c.key === b[i].key && c.namespace === b[i].namespace);
}

/** Everything a component's rows show that comes from its tags. */
function componentSignature(c: ComponentInfo): string {
  const versions = c.versions.map((v) => `${v.version}=${v.objectName}`).join(',');
  const envs = c.environments.map((e) => `${e.name}=${e.objectName}:${e.version ?? ''}`).join(',');
  return `${versions}|${envs}`;
}

function sameDrift(a: ReadonlyMap<string, DriftKind> | undefined, b: ReadonlyMap<string, DriftKind> | undefined): boolean {
  if (!a || !b) return a === b;
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}

/** The row that says what was skipped as unreadable or contradicting git, each item in its tooltip. */
function skippedNode(repo: WorkspaceRepository, skipped: readonly ReadProblem[], named: boolean): MessageNode {
  const shown = skipped.slice(0, 50).map((p) => `- ${p.where}: ${p.what}`);
  return {
    kind: 'message',
    id: nodeIds.message(repo.root, 'skipped'),
    parent: undefined,
    label: `${named ? `${repo.name}: ` : ''}${skipped.length} item${skipped.length === 1 ? '' : 's'} skipped: unreadable or contradicting git`,
    detail:
      `What the remote sent that cannot be read as it is, or that contradicts what git says, is left out of every answer:\n\n${shown.join('\n')}` +
      `${skipped.length > shown.length ? `\n- and ${skipped.length - shown.length} more` : ''}\n\n\`edgit-deploy verify\` lists them all and fails on them.`,
    error: false,
    warning: true,
    repository: repo,
  };
}

function problemsSignature(problems: readonly ReadProblem[]): string {
  return problems.map((p) => `${p.where}\0${p.what}`).join('\n');
}

function errorNode(repo: WorkspaceRepository, error: unknown, named: boolean): MessageNode {
  const message = error instanceof Error ? error.message : String(error);
  return {
    kind: 'message',
    id: nodeIds.message(repo.root, 'error'),
    parent: undefined,
    label: named ? `${repo.name}: could not read tags` : 'Could not read the tags of this repository',
    detail: `${message}\n\nRun "Edgit: Refresh" to try again; the Edgit output channel has the git commands.`,
    error: true,
    repository: repo,
  };
}

/** Which versions are marked bad, by whom and when, as one comparable string. */
function marksSignature(marks: BadMarks): string {
  return marks
    .all()
    .map((m) => `${m.componentKey}@${m.version}:${m.historyCommit}`)
    .join('\n');
}
