import { lookUpFilePath } from '../realPathLookup';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ReferenceIndex, ReferenceScopeOptions } from '../../engine';
import type { CacheStore } from '../../engine/cache/cacheStore';

/** Conductor's config files: a change of one may change which folders hold references. */
const CONFIG_GLOB = '{conductor.config.json,conductor.json,.conductorrc.json}';
/** Watcher events and edits are applied together this long after the first of them. */
const SETTLE_MS = 100;

/**
 * The component references of one folder (a repository's working tree): the engine's index,
 * built in the background the first time it is asked for, then kept up to date from a file
 * watcher, from the unsaved text of open editors (disk again when an editor closes) and from the
 * include/exclude settings. Parsing only: no git runs here, so it serves untrusted folders too.
 * A repository's index keeps what each file held in the repository's cache files (`cache`, its
 * Git's store, whose folder is known without git), so a new session parses only the files that
 * changed; an untrusted folder has no repository and keeps nothing.
 */
export class WorkspaceReferences implements vscode.Disposable {
  private building: Promise<ReferenceIndex> | undefined;
  private built: ReferenceIndex | undefined;
  /** The scope the index was built for (JSON of the options). */
  private builtFor = '';
  /** Files whose references may have changed, applied together (after the build when one runs). */
  private readonly queued = new Map<string, vscode.Uri>();
  private timer: NodeJS.Timeout | undefined;
  private listeners: vscode.Disposable[] = [];
  private disposed = false;
  private readonly changed = new vscode.EventEmitter<void>();
  /** The references of some file changed, or the index was built or rebuilt. */
  readonly onDidChange = this.changed.event;

  constructor(
    readonly root: string,
    private readonly options: () => ReferenceScopeOptions,
    private readonly log: vscode.LogOutputChannel,
    private readonly cache?: CacheStore,
  ) {}

  /** The index, built on the first call (later calls share it); watchers start with it. */
  index(): Promise<ReferenceIndex> {
    if (!this.building) {
      if (!this.listeners.length && !this.disposed) this.listen();
      this.building = this.build();
    }
    return this.building;
  }

  /** The index when built, without building it. */
  peek(): ReferenceIndex | undefined {
    return this.built;
  }

  /** The settings changed: builds again when the scope they give differs from the index's. */
  settingsChanged(): void {
    if (this.building && JSON.stringify(this.options()) !== this.builtFor) {
      this.building = this.build();
      void this.building.then(() => this.changed.fire(), () => undefined);
    }
  }

  /** The path of a file relative to the root, with `/`, or undefined when it is outside. */
  relativePath(uri: vscode.Uri): string | undefined {
    return lookUpFilePath(uri, (file) => {
      const rel = path.relative(this.root, file);
      return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : undefined;
    });
  }

  private async build(): Promise<ReferenceIndex> {
    const options = this.options();
    const key = JSON.stringify(options);
    this.builtFor = key;
    try {
      const index = await ReferenceIndex.build(this.root, options, { cache: this.cache });
      if (this.builtFor !== key) return this.building ?? index;
      // Open editors' text wins over the disk's; files touched meanwhile are read again.
      for (const doc of vscode.workspace.textDocuments) if (doc.isDirty) this.queue(doc.uri);
      this.built = index;
      await this.applyQueued(index);
      return index;
    } catch (e) {
      this.log.warn(`Could not index the component references of ${this.root}: ${e instanceof Error ? e.message : String(e)}`);
      if (this.builtFor === key) this.building = undefined;
      throw e;
    }
  }

  private listen(): void {
    const base = vscode.Uri.file(this.root);
    const yaml = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(base, '**/*.{yaml,yml}'));
    const config = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(base, CONFIG_GLOB));
    const rebuild = () => {
      this.builtFor = '';
      this.settingsChanged();
    };
    this.listeners = [
      yaml,
      config,
      yaml.onDidCreate((uri) => this.queue(uri)),
      yaml.onDidChange((uri) => this.queue(uri)),
      yaml.onDidDelete((uri) => this.queue(uri)),
      config.onDidCreate(rebuild),
      config.onDidChange(rebuild),
      config.onDidDelete(rebuild),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length) this.queue(e.document.uri);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => this.queue(doc.uri)),
    ];
  }

  /** Notes a file whose references may have changed; they are read again shortly, together. */
  private queue(uri: vscode.Uri): void {
    if (!/\.ya?ml$/i.test(uri.path)) return;
    const file = this.relativePath(uri);
    // Out of scope: nothing to read (during a rebuild, the previous scope decides; the build reads the disk anyway).
    if (!file || (this.built && !this.built.inScope(file))) return;
    this.queued.set(file, uri);
    if (!this.built || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const index = this.built;
      if (index) void this.applyQueued(index).then((changed) => changed && this.changed.fire());
    }, SETTLE_MS);
  }

  /** Applies the queued files: an open editor's text, else the disk. Whether anything was applied. */
  private async applyQueued(index: ReferenceIndex): Promise<boolean> {
    const files = [...this.queued];
    this.queued.clear();
    for (const [file, uri] of files) {
      const open = vscode.workspace.textDocuments.find((d) => !d.isClosed && d.uri.toString() === uri.toString());
      try {
        if (open) index.setFileText(file, open.getText());
        else await index.reindexFile(file);
      } catch (e) {
        this.log.warn(`Could not index ${file}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return files.length > 0;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.listeners.splice(0)) d.dispose();
    this.changed.dispose();
  }
}
