import * as path from 'node:path';
import * as vscode from 'vscode';

/** What changes a component tree: tag refs (loose or packed) and Edgit's own refs (deployment history). */
export const WATCHED_GIT_PATHS = ['refs/tags/**', 'refs/edgit/**', 'packed-refs'] as const;

export const DEFAULT_DEBOUNCE_MS = 300;

/** What a burst of changes touched. */
export interface RefsChange {
  /** A ref under refs/edgit/ (the deployment history) was written. */
  readonly edgitRefs: boolean;
  /**
   * The tags whose loose ref files changed, when that is all that changed (then only they need
   * reading); undefined when packed-refs changed too or a path could not be told (read everything).
   */
  readonly tags: readonly string[] | undefined;
}

/** The tag a path under `<gitDir>/refs/tags/` names (a `.lock` file stands for the ref it locks). */
export function tagOfRefPath(gitDir: string, fsPath: string): string | undefined {
  const relative = path.relative(gitDir, fsPath).split(path.sep).join('/');
  if (!relative.startsWith('refs/tags/')) return undefined;
  const tag = relative.slice('refs/tags/'.length).replace(/\.lock$/, '');
  return tag && !tag.startsWith('../') ? tag : undefined;
}

/**
 * Watches a repository's tag refs and calls `onChange` once per burst of changes (debounced).
 * While muted (our own tag writes), changes are ignored: the writer refreshes once itself.
 */
export class RefsWatcher implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private muted = 0;
  private edgitRefs = false;
  /** Tags seen changing in this burst; undefined once something else changed (read everything). */
  private tags: Set<string> | undefined = new Set();

  constructor(
    gitDir: string,
    private readonly onChange: (change: RefsChange) => void,
    private readonly debounceMs = DEFAULT_DEBOUNCE_MS,
  ) {
    const base = vscode.Uri.file(gitDir);
    for (const glob of WATCHED_GIT_PATHS) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(base, glob));
      const changed = (uri: vscode.Uri) =>
        this.changed(glob === 'refs/edgit/**', glob === 'refs/tags/**' ? (tagOfRefPath(gitDir, uri.fsPath) ?? null) : null);
      this.disposables.push(watcher, watcher.onDidCreate(changed), watcher.onDidChange(changed), watcher.onDidDelete(changed));
    }
  }

  get isMuted(): boolean {
    return this.muted > 0;
  }

  mute(): void {
    this.muted++;
    this.cancel();
  }

  unmute(): void {
    this.muted = Math.max(0, this.muted - 1);
  }

  /** @param tag the tag whose loose ref changed; null for anything else (packed-refs, the history). */
  private changed(edgitRefs: boolean, tag: string | null): void {
    if (this.muted) return;
    this.edgitRefs ||= edgitRefs;
    if (tag && this.tags) this.tags.add(tag);
    else if (!edgitRefs) this.tags = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const change: RefsChange = { edgitRefs: this.edgitRefs, tags: this.tags ? [...this.tags] : undefined };
      this.timer = undefined;
      this.edgitRefs = false;
      this.tags = new Set();
      this.onChange(change);
    }, this.debounceMs);
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.edgitRefs = false;
    this.tags = new Set();
  }

  dispose(): void {
    this.cancel();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
