import { lookUpFilePath } from './realPathLookup';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { discoverRepository } from './discoverRepository';
import { EdgitServices, EdgitSettings } from './services';
import { WorkspaceHost, workspaceHost } from './workspaceHost';
import { WorkspaceRepository } from './workspaceRepository';

export interface RegistryOptions {
  readonly host?: WorkspaceHost;
  /** Debounce of the refs watchers (ms). */
  readonly debounceMs?: number;
}

/**
 * The repositories of the workspace (one per folder's git repository, deduplicated) and the
 * services every view and command uses. No git runs until the workspace is trusted.
 */
export class RepositoryRegistry implements EdgitServices, vscode.Disposable {
  private readonly host: WorkspaceHost;
  private repos: WorkspaceRepository[] = [];
  private discovery: Promise<void> = Promise.resolve();
  private discoveredOnce = false;
  private started = false;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly repositoriesChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeRepositories = this.repositoriesChanged.event;
  private readonly repositoryChanged = new vscode.EventEmitter<WorkspaceRepository>();
  /** Any repository's tags changed. */
  readonly onDidChangeRepository = this.repositoryChanged.event;
  private readonly driftChanged = new vscode.EventEmitter<WorkspaceRepository>();
  /** Any repository's drift changed. */
  readonly onDidChangeDrift = this.driftChanged.event;
  private readonly referencesChanged = new vscode.EventEmitter<WorkspaceRepository>();
  /** Any repository's component references changed (an ensemble edited, the index built). */
  readonly onDidChangeReferences = this.referencesChanged.event;
  private readonly repoSubscriptions = new Map<WorkspaceRepository, vscode.Disposable[]>();
  /** The `edgit` settings changed. */
  readonly onDidChangeSettings: vscode.Event<unknown>;

  constructor(
    readonly log: vscode.LogOutputChannel,
    private readonly options: RegistryOptions = {},
  ) {
    this.host = options.host ?? workspaceHost();
    this.onDidChangeSettings = this.host.onDidChangeSettings;
    this.disposables.push(
      this.repositoriesChanged,
      this.repositoryChanged,
      this.driftChanged,
      this.referencesChanged,
      this.host.onDidChangeFolders(() => void this.rediscover()),
      this.host.onDidGrantTrust(() => {
        this.log.info('Workspace trusted: reading Edgit tags.');
        // Announced even when no repository is found: the view leaves its "untrusted" state.
        void this.rediscover({ announce: true });
      }),
      this.host.onDidChangeSettings(() => {
        for (const r of this.repos) {
          r.refreshDrift();
          r.referenceIndex.settingsChanged();
        }
      }),
      // Back from a terminal: tags may have moved where no file watcher looked (see WorkspaceRepository).
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused) for (const r of this.repos) r.checkForOutsideChanges();
      }),
    );
  }

  /** Starts discovery (a no-op in an untrusted workspace until trust is granted). */
  start(): Promise<void> {
    if (!this.started) {
      this.started = true;
      void this.rediscover();
    }
    return this.discovery;
  }

  get isTrusted(): boolean {
    return this.host.isTrusted();
  }

  /** The local workspace folders (absolute paths), trusted or not. */
  folders(): readonly string[] {
    return this.host.folders();
  }

  get hasFolders(): boolean {
    return this.host.folders().length > 0;
  }

  /** Resolves when the repositories of the current folders are known (at once when untrusted). */
  ready(): Promise<void> {
    if (!this.started) return this.start();
    return this.discovery;
  }

  repositories(): readonly WorkspaceRepository[] {
    return this.repos;
  }

  repositoryByRoot(root: string): WorkspaceRepository | undefined {
    return this.repos.find((r) => r.root === root);
  }

  repositoryFor(uri: vscode.Uri): WorkspaceRepository | undefined {
    return lookUpFilePath(uri, (file) =>
      this.repos.filter((r) => file === r.root || file.startsWith(r.root + path.sep)).sort((a, b) => b.root.length - a.root.length)[0],
    );
  }

  settings(): EdgitSettings {
    return this.host.settings();
  }

  /** Refreshes every repository; `drift` also asks the remotes again. */
  refreshAll(options: { drift?: boolean } = {}): void {
    for (const r of this.repos) r.refresh(options);
  }

  /**
   * Finds the repositories of the workspace folders again, keeping those still present. Serialized.
   * Fires onDidChangeRepositories when the list changed, or always with `announce`.
   */
  rediscover(options: { announce?: boolean } = {}): Promise<void> {
    this.started = true;
    this.discovery = this.discovery.then(() => this.discover(options.announce === true));
    return this.discovery;
  }

  private async discover(announce: boolean): Promise<void> {
    let found: { root: string; gitDir: string }[] = [];
    if (this.host.isTrusted()) {
      const results = await Promise.all(
        this.host.folders().map((folder) =>
          discoverRepository(folder).catch((e: unknown) => {
            this.log.warn(`Could not inspect ${folder}: ${e instanceof Error ? e.message : String(e)}`);
            return undefined;
          }),
        ),
      );
      const seen = new Set<string>();
      for (const r of results) {
        if (r && !seen.has(r.root)) {
          seen.add(r.root);
          found.push(r);
        }
      }
    } else {
      found = [];
    }
    const previous = this.repos;
    const next = found.map(
      (f) =>
        previous.find((r) => r.root === f.root) ??
        this.track(
          new WorkspaceRepository({ root: f.root, gitDir: f.gitDir, log: this.log, settings: () => this.settings(), debounceMs: this.options.debounceMs }),
        ),
    );
    for (const r of previous) if (!next.includes(r)) this.untrack(r);
    const changed = announce || !this.discoveredOnce || next.length !== previous.length || next.some((r, i) => r !== previous[i]);
    this.discoveredOnce = true;
    this.repos = next;
    if (changed) {
      this.log.info(`Repositories: ${next.length ? next.map((r) => r.root).join(', ') : 'none'}`);
      this.repositoriesChanged.fire();
    }
  }

  private track(repo: WorkspaceRepository): WorkspaceRepository {
    this.repoSubscriptions.set(repo, [
      repo.onDidChange(() => this.repositoryChanged.fire(repo)),
      repo.onDidChangeDrift(() => this.driftChanged.fire(repo)),
      repo.onDidChangeReferences(() => this.referencesChanged.fire(repo)),
    ]);
    return repo;
  }

  private untrack(repo: WorkspaceRepository): void {
    for (const d of this.repoSubscriptions.get(repo) ?? []) d.dispose();
    this.repoSubscriptions.delete(repo);
    repo.dispose();
  }

  /** Writes every repository's deferred cache files now (the extension deactivating). */
  async flushCaches(): Promise<void> {
    await Promise.all(this.repos.map((r) => r.flushCaches()));
  }

  dispose(): void {
    for (const r of this.repos) this.untrack(r);
    this.repos = [];
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
